export {
  AppError,
  notFound,
  conflict,
  badRequest,
  unprocessable,
  unauthorized,
  forbidden,
  unavailable,
} from './errors';
export { cursorCodec } from './cursor';
export { ObjectIdString, isObjectId, objectIdOr } from './object-id';
export type { CursorCodec, CursorFormat } from './cursor';
export type { FieldProblem, AppErrorOptions } from './errors';
export { makeProblem, problemType, PROBLEM_CONTENT_TYPE } from './problem';
export {
  INVALID_PAGE_QUERY,
  problemResponse,
  problemResponses,
  withServiceProblems,
  withSharedProblem,
} from './problem-responses';
export type { ProblemResponse } from './problem-responses';
export type { Problem } from './problem';
export { baseConfig, storeConfig, brokerConfig, loadConfig, ConfigError, listFrom } from './config';
export type { BaseConfig } from './config';
export { loggerOptions, REDACT_PATHS, requestIdFrom } from './logger';
export { sendProblem, traceIdOf, errorHandlerPlugin } from './error-handler.plugin';
export { healthPlugin } from './health.plugin';
export type { ReadinessCheck } from './health.plugin';
export { metricsPlugin } from './metrics.plugin';
export { mongoPlugin } from './mongo.plugin';
export { modelOn } from './model-on';
export { openApiPlugin, OPENAPI_PATH, BEARER_AUTH_SCHEME } from './openapi.plugin';
export {
  Int32,
  Int64,
  MAX_FIELD_NAME,
  MAX_FIELD_PROBLEMS,
  MoneyView,
  NextCursor,
  OptionalDefaults,
  ProblemSchema,
  Timestamp,
} from './openapi-schemas';
export type { OpenApiOptions } from './openapi.plugin';
export type { MongoPluginOptions } from './mongo.plugin';
export { createServer, DEFAULT_BODY_LIMIT } from './server';
export type { ServiceApp, ServerOptions } from './server';
export { runService } from './run-service';
export type { RunServiceOptions } from './run-service';
export { createAggregateStore, detectStoreKind } from './store/aggregate-store';
export type {
  AggregateStore,
  AggregateStoreOptions,
  AnyModel,
  ModelOf,
  AggregateId,
  Predicate,
  StoreKind,
  UpdateOptions,
  OutboxListener,
} from './store/aggregate-store';
export { createKeyedLock } from './store/keyed-lock';
export type { KeyedLock } from './store/keyed-lock';
export { OutboxPointers, OUTBOX_POINTERS, announcedEvents } from './store/outbox-pointers';
export type { OutboxPointer } from './store/outbox-pointers';
export { createGroupInsert } from './store/group-insert';
export { DUPLICATE_KEY, isDuplicateKey, isOnlyDuplicateKeys } from './store/duplicate-key';
export { createDueList, workOffDue } from './jobs/due-list';
export type { DueList, DueEntry, DueOutcome, WorkOffOptions } from './jobs/due-list';
export { JobRunner } from './jobs/job-runner';
export type { JobDefinition, JobRunnerOptions } from './jobs/job-runner';
export { JobLease, JOB_LEASES } from './jobs/job-lease';
export type { LeaseHead, JobRun } from './jobs/job-lease';
export type { JobSchedule } from './jobs/job-schedule';
export { jobsPlugin } from './jobs/jobs.plugin';
export { GATEWAY_SECRET_HEADER, clientAddress, fromGateway } from './client-address';
export { purgeExpired, retentionJob, untilDone } from './jobs/purge-expired';
export type { PurgeOptions, RetentionJobOptions } from './jobs/purge-expired';
