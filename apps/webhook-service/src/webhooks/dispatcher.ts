import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { Counter, type Registry } from 'prom-client';
import type { StoreDeps } from '../models';
import type { Delivery } from '../models/delivery.model';
import type { Endpoint } from '../models/endpoint.model';
import { disableEndpoint } from './endpoints';
import { retryDelayMs } from './retry-schedule';
import { sendWebhook, type SendResult } from './send-webhook';
import { activeSecrets, signedHeaders } from './signing';
import { TargetRefused, type TargetGuard } from './target-guard';

export interface DispatcherOptions {
  guard: TargetGuard;
  timeoutMs: number;
  maxInFlightPerEndpoint: number;
  retryScheduleMs: number[];
  retryJitter: number;
  disableAfterMs: number;
  log: FastifyBaseLogger;
  registry?: Registry;
}

/** Deliveries waiting for a free slot of one endpoint in this process; beyond this the sweep brings them back later. */
const MAX_WAITING_PER_ENDPOINT = 1000;
/** How long shutdown waits for answers in flight before abandoning them. */
const CLOSE_GRACE_MS = 3000;
/** How long past its timeout an attempt may hold a delivery before the sweep takes it again. */
export const ATTEMPT_GRACE_MS = 5000;
export const INTERRUPTED = 'interrupted: the service stopped before the answer came; sent again';

interface Lane {
  active: number;
  waiting: string[];
}

export const endpointIdOf = (deliveryId: string): string => deliveryId.slice(0, deliveryId.indexOf('.'));

/**
 * Sends stored deliveries, at most `maxInFlightPerEndpoint` at a time per endpoint, so one slow partner holds its
 * own lane and nobody else's. Nothing here is awaited by an event's handler or the sweep: they store, then hand over.
 */
export class Dispatcher {
  private readonly lanes = new Map<string, Lane>();
  private readonly taken = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private closed = false;
  private readonly shutdown = new AbortController();
  private readonly outcomes: Counter;

  constructor(
    private readonly deps: StoreDeps,
    private readonly opts: DispatcherOptions,
  ) {
    this.outcomes = new Counter({ name: 'shopwire_webhook_attempts_total', help: 'Webhook delivery attempts by outcome', labelNames: ['outcome'], registers: opts.registry ? [opts.registry] : [] });
  }

  /** How long a handed-over delivery stays out of the sweep's way: its attempt's timeout and a grace. */
  get leaseMs(): number {
    return this.opts.timeoutMs + ATTEMPT_GRACE_MS;
  }

  /** True while this process holds the delivery (sending it or waiting for its endpoint's lane). */
  holds(deliveryId: string): boolean {
    return this.taken.has(deliveryId);
  }

  dispatch(deliveryId: string): void {
    if (this.closed || this.taken.has(deliveryId)) return;
    const endpointId = endpointIdOf(deliveryId);
    const lane = this.lanes.get(endpointId) ?? { active: 0, waiting: [] };
    this.lanes.set(endpointId, lane);
    if (lane.active < this.opts.maxInFlightPerEndpoint) this.run(endpointId, lane, deliveryId);
    else if (lane.waiting.length < MAX_WAITING_PER_ENDPOINT) {
      this.taken.add(deliveryId);
      lane.waiting.push(deliveryId);
    }
  }

  /**
   * Stops taking work, gives the attempts in flight a moment, then abandons the rest unrecorded: their due entries
   * bring them back after the timeout, so shutdown stays within its 10 s whatever partners do.
   */
  async close(graceMs = CLOSE_GRACE_MS): Promise<void> {
    this.closed = true;
    for (const lane of this.lanes.values()) for (const id of lane.waiting.splice(0)) this.taken.delete(id);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.allSettled([...this.running]), late]);
    clearTimeout(timer);
    this.shutdown.abort();
    await Promise.allSettled([...this.running]);
  }

  private run(endpointId: string, lane: Lane, deliveryId: string): void {
    lane.active += 1;
    this.taken.add(deliveryId);
    const work = this.attempt(deliveryId)
      .catch((error: Error) => this.opts.log.warn({ deliveryId, err: { message: error.message } }, 'webhook attempt not recorded; the sweep takes it again'))
      .finally(() => {
        this.running.delete(work);
        this.taken.delete(deliveryId);
        lane.active -= 1;
        const next = this.closed ? undefined : lane.waiting.shift();
        if (next) {
          this.taken.delete(next);
          this.run(endpointId, lane, next);
        } else if (lane.active === 0) this.lanes.delete(endpointId);
      });
    this.running.add(work);
  }

  private async attempt(deliveryId: string): Promise<void> {
    const { store, models, due } = this.deps;
    const delivery = await store.get(models.deliveries, deliveryId);
    if (!delivery || delivery.state !== 'pending') return due.drop(deliveryId);
    const endpoint = await store.get(models.endpoints, delivery.endpointId);
    if (!endpoint?.enabled) {
      await store.update(models.deliveries, deliveryId, { state: 'pending' }, { $set: { state: 'cancelled' }, $unset: { nextAttemptAt: 1 } });
      return due.drop(deliveryId);
    }
    // Its due entry already lies past this attempt's end (set when it was stored, requeued or swept): a crash from
    // here on leaves it for the sweep.
    const current = delivery.inFlightSince ? await this.recordInterrupted(delivery, delivery.inFlightSince) : delivery;
    await store.update(models.deliveries, deliveryId, undefined, { $set: { inFlightSince: new Date() } });
    const result = await this.send(endpoint, delivery.eventId, delivery.payload);
    if (this.shutdown.signal.aborted) return;
    await this.record(endpoint, current, result);
  }

  /** Signs with every active secret and sends to the address checked just now. */
  async send(endpoint: Endpoint, messageId: string, payload: string): Promise<SendResult> {
    let target;
    try {
      target = await this.opts.guard(endpoint.url);
    } catch (error) {
      if (error instanceof TargetRefused) return { latencyMs: 0, error: `refused: ${error.message}`.slice(0, 500) };
      throw error;
    }
    const now = new Date();
    return sendWebhook(target, signedHeaders(activeSecrets(endpoint.secrets, now), messageId, now, payload), payload, this.opts.timeoutMs, this.shutdown.signal);
  }

  /** A ping: the same signing and checks, a payload of its own, nothing stored. */
  ping(endpoint: Endpoint): Promise<SendResult> {
    const id = `ping_${randomUUID()}`;
    return this.send(endpoint, id, JSON.stringify({ id, type: 'webhook.ping', version: 1, occurredAt: new Date().toISOString(), data: { endpointId: endpoint._id } }));
  }

  /** The log shows an attempt whose outcome nobody saw: the partner may have it, and gets it again now. */
  private async recordInterrupted(delivery: Delivery, since: Date): Promise<Delivery> {
    const attempt = { at: since, latencyMs: 0, error: INTERRUPTED };
    await this.deps.store.update(this.deps.models.deliveries, delivery._id, undefined, { $push: { attempts: attempt }, $inc: { attemptCount: 1 } });
    return { ...delivery, attemptCount: delivery.attemptCount + 1, attempts: [...delivery.attempts, attempt] };
  }

  private async record(endpoint: Endpoint, delivery: Delivery, result: SendResult): Promise<void> {
    const { store, models, due } = this.deps;
    const now = new Date();
    const ok = result.status !== undefined && result.status >= 200 && result.status < 300;
    const gone = result.status === 410;
    const attempts = delivery.attemptCount + 1;
    const delay = ok || gone ? undefined : retryDelayMs(attempts, this.opts.retryScheduleMs, this.opts.retryJitter);
    const state = ok ? 'delivered' : delay === undefined ? 'failed' : 'pending';
    const nextAttemptAt = delay === undefined ? undefined : new Date(now.getTime() + delay);
    const attempt = { at: now, latencyMs: result.latencyMs, ...(result.status !== undefined ? { status: result.status } : {}), ...(result.error ? { error: result.error } : {}), ...(result.body ? { body: result.body } : {}) };
    const set: Record<string, unknown> = { state, lastLatencyMs: result.latencyMs };
    const unset: Record<string, 1> = { inFlightSince: 1 };
    for (const [key, value] of [['lastStatus', result.status], ['lastError', result.error], ['nextAttemptAt', nextAttemptAt]] as const) {
      if (value === undefined) unset[key] = 1;
      else set[key] = value;
    }
    await store.update(models.deliveries, delivery._id, undefined, { $set: set, $inc: { attemptCount: 1 }, $push: { attempts: attempt }, ...(Object.keys(unset).length ? { $unset: unset } : {}) });
    await (nextAttemptAt ? due.postpone(delivery._id, nextAttemptAt) : due.drop(delivery._id));
    this.outcomes.inc({ outcome: ok ? 'delivered' : gone ? 'gone' : result.status !== undefined ? 'failed' : result.error?.startsWith('refused') ? 'refused' : 'no_answer' });
    await this.judgeEndpoint(endpoint, delivery, ok, gone, now);
  }

  /** 410 disables at once; failing with no success for `disableAfterMs` disables too. */
  private async judgeEndpoint(endpoint: Endpoint, delivery: Delivery, ok: boolean, gone: boolean, now: Date): Promise<void> {
    const { store, models } = this.deps;
    // The event whose delivery decided it; the public payload keeps no correlation id of its own.
    const cause = { correlationId: delivery.eventId, causationId: delivery.eventId };
    if (ok) {
      if (endpoint.failingSince) await store.update(models.endpoints, endpoint._id, undefined, { $unset: { failingSince: 1 } });
      return;
    }
    if (gone) {
      if (await disableEndpoint(this.deps, endpoint, 'gone', cause)) this.opts.log.warn({ endpointId: endpoint._id }, 'webhook endpoint answered 410 Gone: disabled');
      return;
    }
    if (!endpoint.failingSince) {
      await store.update(models.endpoints, endpoint._id, undefined, { $set: { failingSince: now } });
    } else if (now.getTime() - new Date(endpoint.failingSince).getTime() >= this.opts.disableAfterMs) {
      if (await disableEndpoint(this.deps, endpoint, 'failing', cause)) this.opts.log.warn({ endpointId: endpoint._id, failingSince: endpoint.failingSince }, 'webhook endpoint failing for too long: disabled');
    }
  }
}
