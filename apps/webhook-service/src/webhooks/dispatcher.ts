import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { FastifyBaseLogger } from 'fastify';
import type { mongo } from 'mongoose';
import { Counter, type Registry } from 'prom-client';
import type { DirectoryDeps } from '../deps';
import type { Delivery } from '../models/delivery.model';
import type { Endpoint } from '../models/endpoint.model';
import { disableEndpoint, markFailing } from './endpoints';
import { groupedBulk } from './grouped-writes';
import { retryDelayMs } from './retry-schedule';
import { ConnectionPools, sendWebhook, type SendResult } from '../adapters/partner-http/send-webhook';
import { activeSecrets, signedHeaders } from './signing';
import { TargetRefused, type TargetGuard } from '../adapters/partner-http/target-guard';

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

/** Deliveries waiting for a free slot of one endpoint in this process (a burst of events); beyond this the sweep brings them back later. */
const MAX_WAITING_PER_ENDPOINT = 5000;
/** How long shutdown waits for answers in flight before abandoning them. */
const CLOSE_GRACE_MS = 3000;
/** How long past its timeout an attempt may hold a delivery before the sweep takes it again. */
export const ATTEMPT_GRACE_MS = 5000;
export const INTERRUPTED =
  'interrupted: the service stopped before an answer was recorded (the partner may have it); sent again';
/** Due entries of delivered deliveries are dropped in batches this often (a crash before leaves them to the sweep). */
const DROP_EVERY_MS = 250;

/** A delivery to send: its id, and the delivery itself when it was just stored (so the attempt reads nothing). */
interface Job {
  id: string;
  fresh?: Delivery;
}

interface Lane {
  active: number;
  waiting: Job[];
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
  private readonly writeDelivery: (op: mongo.AnyBulkWriteOperation<Delivery>) => Promise<void>;
  private readonly toDrop = new Set<string>();
  private readonly connections: ConnectionPools;
  private readonly dropTimer: NodeJS.Timeout;

  constructor(
    private readonly deps: DirectoryDeps,
    private readonly opts: DispatcherOptions,
  ) {
    this.outcomes = new Counter({
      name: 'shopwire_webhook_attempts_total',
      help: 'Webhook delivery attempts by outcome',
      labelNames: ['outcome'],
      registers: opts.registry ? [opts.registry] : [],
    });
    this.connections = new ConnectionPools(opts.maxInFlightPerEndpoint);
    this.writeDelivery = groupedBulk(() => deps.models.deliveries.collection as unknown as mongo.Collection<Delivery>);
    // Every attempt in flight listens for shutdown (and stops listening when it ends).
    setMaxListeners(0, this.shutdown.signal);
    this.dropTimer = setInterval(() => void this.dropDelivered(), DROP_EVERY_MS);
    this.dropTimer.unref();
  }

  /** How long a handed-over delivery stays out of the sweep's way: its attempt's timeout and a grace. */
  get leaseMs(): number {
    return this.opts.timeoutMs + ATTEMPT_GRACE_MS;
  }

  /** True while this process holds the delivery (sending it or waiting for its endpoint's lane). */
  holds(deliveryId: string): boolean {
    return this.taken.has(deliveryId);
  }

  /** Sends a stored delivery when its endpoint's lane has room (read from the store at its turn). */
  dispatch(deliveryId: string): void {
    this.enqueue({ id: deliveryId });
  }

  /** Sends a delivery just stored (marked as handed over), without reading it back. */
  dispatchFresh(delivery: Delivery): void {
    this.enqueue({ id: delivery._id, fresh: delivery });
  }

  /** An admin's retry wants the delivery's due entry kept: a drop still queued from an earlier success is cancelled. */
  keepDue(deliveryId: string): void {
    this.toDrop.delete(deliveryId);
  }

  private enqueue(job: Job): void {
    if (this.closed || this.taken.has(job.id)) return;
    const endpointId = endpointIdOf(job.id);
    const lane = this.lanes.get(endpointId) ?? { active: 0, waiting: [] };
    this.lanes.set(endpointId, lane);
    if (lane.active < this.opts.maxInFlightPerEndpoint) this.run(endpointId, lane, job);
    else if (lane.waiting.length < MAX_WAITING_PER_ENDPOINT) {
      this.taken.add(job.id);
      lane.waiting.push(job);
    }
  }

  /**
   * Stops taking work, gives the attempts in flight a moment, then abandons the rest unrecorded: their due entries
   * bring them back after the timeout, so shutdown stays within its 10 s whatever partners do.
   */
  async close(graceMs = CLOSE_GRACE_MS): Promise<void> {
    this.closed = true;
    for (const lane of this.lanes.values()) for (const job of lane.waiting.splice(0)) this.taken.delete(job.id);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.allSettled([...this.running]), late]);
    clearTimeout(timer);
    this.shutdown.abort();
    await Promise.allSettled([...this.running]);
    clearInterval(this.dropTimer);
    this.connections.close();
    await this.dropDelivered();
  }

  private run(endpointId: string, lane: Lane, job: Job): void {
    lane.active += 1;
    this.taken.add(job.id);
    const work = this.attempt(job)
      .catch((error: Error) =>
        this.opts.log.warn(
          { deliveryId: job.id, err: { message: error.message } },
          'webhook attempt not recorded; the sweep takes it again',
        ),
      )
      .finally(() => {
        this.running.delete(work);
        this.taken.delete(job.id);
        lane.active -= 1;
        const next = this.closed ? undefined : lane.waiting.shift();
        if (next) {
          this.taken.delete(next.id);
          this.run(endpointId, lane, next);
        } else if (lane.active === 0) this.lanes.delete(endpointId);
      });
    this.running.add(work);
  }

  private async attempt(job: Job): Promise<void> {
    const { store, models, due, directory } = this.deps;
    const delivery = job.fresh ?? (await store.get(models.deliveries, job.id));
    if (!delivery || delivery.state !== 'pending') return due.drop(job.id);
    const endpoint = await directory.get(delivery.endpointId);
    if (!endpoint?.enabled) {
      await store.update(
        models.deliveries,
        job.id,
        { state: 'pending' },
        { $set: { state: 'cancelled' }, $unset: { nextAttemptAt: 1, inFlightSince: 1 } },
      );
      return due.drop(job.id);
    }
    // Its due entry already lies past this attempt's end (set when it was stored, requeued or swept): a crash from
    // here on leaves it for the sweep. A new delivery was stored marked as handed over; any other is marked now, in
    // the write that records an attempt a crash cut off.
    const current = job.fresh ?? (await this.markHandedOver(delivery));
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
    return sendWebhook(
      target,
      signedHeaders(activeSecrets(endpoint.secrets, now), messageId, now, payload),
      payload,
      this.opts.timeoutMs,
      this.shutdown.signal,
      this.connections.for(target),
    );
  }

  /** A ping: the same signing and checks, a payload of its own, nothing stored. */
  ping(endpoint: Endpoint): Promise<SendResult> {
    const id = `ping_${randomUUID()}`;
    return this.send(
      endpoint,
      id,
      JSON.stringify({
        id,
        type: 'webhook.ping',
        version: 1,
        occurredAt: new Date().toISOString(),
        data: { endpointId: endpoint._id },
      }),
    );
  }

  /**
   * Marks a stored delivery as handed over; one found marked already was cut off (a crash, a shutdown), and the log
   * shows that attempt, whose outcome nobody saw: the partner may have it, and gets it again now.
   */
  private async markHandedOver(delivery: Delivery): Promise<Delivery> {
    const now = new Date();
    if (!delivery.inFlightSince) {
      await this.writeDelivery({
        updateOne: { filter: { _id: delivery._id }, update: { $set: { inFlightSince: now } } },
      });
      return delivery;
    }
    const attempt = { at: delivery.inFlightSince, latencyMs: 0, error: INTERRUPTED };
    await this.writeDelivery({
      updateOne: {
        filter: { _id: delivery._id },
        update: { $push: { attempts: attempt }, $inc: { attemptCount: 1 }, $set: { inFlightSince: now } },
      },
    });
    return { ...delivery, attemptCount: delivery.attemptCount + 1, attempts: [...delivery.attempts, attempt] };
  }

  /** Drops the due entries of delivered deliveries, many per command, away from any delivery's path. */
  private async dropDelivered(): Promise<void> {
    if (this.toDrop.size === 0) return;
    const ids = [...this.toDrop];
    this.toDrop.clear();
    const entries = this.deps.store.connection.collection<{ _id: string }>(this.deps.due.name);
    await entries
      .bulkWrite(
        ids.map((id) => ({ deleteOne: { filter: { _id: id } } })),
        { ordered: false },
      )
      .catch((error: Error) =>
        this.opts.log.warn({ err: { message: error.message } }, 'due entries not dropped; the sweep drops them'),
      );
  }

  private async record(endpoint: Endpoint, delivery: Delivery, result: SendResult): Promise<void> {
    const { due } = this.deps;
    const now = new Date();
    const ok = result.status !== undefined && result.status >= 200 && result.status < 300;
    const gone = result.status === 410;
    const attempts = delivery.attemptCount + 1;
    const delay = ok || gone ? undefined : retryDelayMs(attempts, this.opts.retryScheduleMs, this.opts.retryJitter);
    const state = ok ? 'delivered' : delay === undefined ? 'failed' : 'pending';
    const nextAttemptAt = delay === undefined ? undefined : new Date(now.getTime() + delay);
    const attempt = {
      at: now,
      latencyMs: result.latencyMs,
      ...(result.status !== undefined ? { status: result.status } : {}),
      ...(result.error ? { error: result.error } : {}),
      ...(result.body ? { body: result.body } : {}),
    };
    const set: Record<string, unknown> = { state, lastLatencyMs: result.latencyMs };
    const unset: Record<string, 1> = { inFlightSince: 1 };
    for (const [key, value] of [
      ['lastStatus', result.status],
      ['lastError', result.error],
      ['nextAttemptAt', nextAttemptAt],
    ] as const) {
      if (value === undefined) unset[key] = 1;
      else set[key] = value;
    }
    // One write by `_id`, grouped with the other outcomes of the moment; a delivered one's due entry goes in a batch later.
    await this.writeDelivery({
      updateOne: {
        filter: { _id: delivery._id },
        update: {
          $set: set,
          $inc: { attemptCount: 1 },
          $push: { attempts: attempt },
          ...(Object.keys(unset).length ? { $unset: unset } : {}),
        },
      },
    });
    if (nextAttemptAt) await due.postpone(delivery._id, nextAttemptAt);
    else this.toDrop.add(delivery._id);
    this.outcomes.inc({
      outcome: ok
        ? 'delivered'
        : gone
          ? 'gone'
          : result.status !== undefined
            ? 'failed'
            : result.error?.startsWith('refused')
              ? 'refused'
              : 'no_answer',
    });
    await this.judgeEndpoint(endpoint, delivery, ok, gone, now);
  }

  /** 410 disables at once; failing with no success for `disableAfterMs` disables too. */
  private async judgeEndpoint(
    endpoint: Endpoint,
    delivery: Delivery,
    ok: boolean,
    gone: boolean,
    now: Date,
  ): Promise<void> {
    // The event whose delivery decided it; the public payload keeps no correlation id of its own.
    const cause = { correlationId: delivery.eventId, causationId: delivery.eventId };
    if (ok) {
      if (endpoint.failingSince) await markFailing(this.deps, endpoint._id, undefined);
      return;
    }
    if (gone) {
      if (await disableEndpoint(this.deps, endpoint, 'gone', cause))
        this.opts.log.warn({ endpointId: endpoint._id }, 'webhook endpoint answered 410 Gone: disabled');
      return;
    }
    if (!endpoint.failingSince) {
      await markFailing(this.deps, endpoint._id, now);
    } else if (now.getTime() - new Date(endpoint.failingSince).getTime() >= this.opts.disableAfterMs) {
      if (await disableEndpoint(this.deps, endpoint, 'failing', cause))
        this.opts.log.warn(
          { endpointId: endpoint._id, failingSince: endpoint.failingSince },
          'webhook endpoint failing for too long: disabled',
        );
    }
  }
}
