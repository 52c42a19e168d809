import type { ServiceApp } from '@shopwire/service-kit';
import type { RecommendationServiceConfig } from './config';
import { modelsOn, type StoreDeps } from './models';

/** What the use cases, consumers and routes of recommendation-service work with, built once at start-up. */
export interface RecommendationDeps extends StoreDeps {
  /** How long the first load waits for the replica's feed queue (RECOMMENDATION_FEED_WAIT_MS). */
  feedWaitMs: number;
}

export function buildDeps(app: ServiceApp, config: RecommendationServiceConfig): RecommendationDeps {
  return { store: app.store, models: modelsOn(app.mongo), feedWaitMs: config.RECOMMENDATION_FEED_WAIT_MS };
}
