import { waitForReady } from '@shopwire/testing';
import { effectCounter } from './effects';
import { startTestService, type TestService, type TestServiceOptions } from './test-service';

export type EffectCounter = Awaited<ReturnType<typeof effectCounter>>;

export interface ServiceWithEffects {
  svc: TestService;
  effects: EffectCounter;
  /** Closes the service, removes its queues and database, and drops the effect counter. */
  close(): Promise<void>;
}

/**
 * A test service whose handlers count their effects in a counter of its own (`options` gets the counter), started
 * and ready: the set-up of a test that sends an event through the relay and broker and counts what the handler did.
 */
export async function startServiceWithEffects(
  options: (effects: EffectCounter) => TestServiceOptions,
): Promise<ServiceWithEffects> {
  const effects = await effectCounter();
  const svc = await startTestService(options(effects));
  await waitForReady(svc.app);
  return {
    svc,
    effects,
    async close() {
      await svc.app.close();
      await svc.cleanUp();
      await effects.close();
    },
  };
}
