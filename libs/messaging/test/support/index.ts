// The messaging test kit other projects' tests use (`@shopwire/messaging/testing`; tools/ops drives its CLI against it):
// a minimal service on the real broker and store, a counter of applied effects, a queue's depth.
export { effectCounter } from './effects';
export { queueDepth } from './queues';
export { startTestService } from './test-service';
export type { TestService, TestServiceOptions } from './test-service';
