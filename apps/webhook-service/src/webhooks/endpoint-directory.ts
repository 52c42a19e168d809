import type { FastifyBaseLogger } from 'fastify';
import { isDuplicateKey } from '@shopwire/service-kit';
import type { StoreDeps } from '../deps';
import type { Endpoint } from '../models/endpoint.model';
import { highestInUse, padded } from './numbering';

const WITHOUT_OUTBOX = { outbox: 0 } as const;

/**
 * This replica's copy of every endpoint, so an event finds its endpoints and an attempt its URL and secrets without
 * a read. Each endpoint is a document of its own (no shared list two replicas could overwrite). The copy is loaded
 * at start (the one scan); after that every change of an endpoint, by any replica, is the next numbered revision (an
 * insert naming the endpoint), and a replica catches up by reading the revisions after the last it knows and the
 * endpoints they name, all by `_id`: every `pollMs`, and before an admin lists endpoints.
 */
export class EndpointDirectory {
  private endpoints = new Map<string, Endpoint>();
  /** The last endpoint revision the copy includes. */
  private revision = 0;
  private loaded: Promise<void> | undefined;
  /** Catching up and recording own changes run one at a time, so an older read never overwrites a newer change. */
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: StoreDeps,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Loads the endpoints and follows other replicas' changes from then on. */
  start(pollMs: number): Promise<void> {
    this.timer ??= setInterval(
      () =>
        void this.catchUp().catch((error: Error) =>
          this.log.warn({ err: { message: error.message } }, 'endpoint changes not read; trying again'),
        ),
      pollMs,
    );
    this.timer.unref();
    return this.ready();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Resolves once the endpoints were loaded (loading them now when the store was not there at start). */
  ready(): Promise<void> {
    this.loaded ??= this.load().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  /** The enabled endpoints that asked for this event type. */
  async subscribedTo(type: string): Promise<Endpoint[]> {
    await this.ready();
    return [...this.endpoints.values()].filter((e) => e.enabled && e.eventTypes.includes(type));
  }

  /** The endpoint as this replica knows it; one it does not know (created elsewhere a moment ago) is read by `_id`. */
  async get(id: string): Promise<Endpoint | undefined> {
    await this.ready();
    const known = this.endpoints.get(id);
    if (known) return known;
    return (await this.deps.store.get(this.deps.models.endpoints, id, WITHOUT_OUTBOX)) ?? undefined;
  }

  /** Every endpoint id, sorted, with other replicas' changes up to now. */
  async ids(): Promise<string[]> {
    await this.catchUp();
    return [...this.endpoints.keys()].sort();
  }

  /**
   * Records a change this replica made and stored (the endpoint as stored, or null when deleted) as the next
   * revision, so the other replicas catch up. Awaited by the admin call: its answer comes once every replica can see it.
   */
  async changed(id: string, endpoint: Endpoint | null): Promise<void> {
    await this.ready();
    await this.serially(async () => {
      if (endpoint) this.endpoints.set(id, endpoint);
      else this.endpoints.delete(id);
      for (;;) {
        try {
          await this.deps.store.insert(this.deps.models.endpointRevision, {
            _id: padded(this.revision + 1),
            endpointId: id,
            at: new Date(),
          });
          this.revision += 1;
          return;
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          // Another replica took the number meanwhile: its change first (read after ours was written), then ours.
          await this.applyNewRevisions();
        }
      }
    });
  }

  /** Applies the changes other replicas made since the last revision this copy includes. */
  async catchUp(): Promise<void> {
    await this.ready();
    await this.serially(() => this.applyNewRevisions());
  }

  private serially<R>(work: () => Promise<R>): Promise<R> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async applyNewRevisions(): Promise<void> {
    const { store, models } = this.deps;
    for (;;) {
      const next = await store.get(models.endpointRevision, padded(this.revision + 1));
      if (!next) return;
      // An endpoint is written before its revision: this read has that change, or a later one.
      const endpoint = await store.get(models.endpoints, next.endpointId, WITHOUT_OUTBOX);
      if (endpoint) this.endpoints.set(endpoint._id, endpoint);
      else this.endpoints.delete(next.endpointId);
      this.revision += 1;
    }
  }

  private async load(): Promise<void> {
    // The revision first: the scan that follows includes every change up to it (a later one is applied again after).
    const revision = await highestInUse(
      async (n) => (await this.deps.store.get(this.deps.models.endpointRevision, padded(n), { _id: 1 })) !== null,
    );
    const all = (await this.deps.models.endpoints.find({}, WITHOUT_OUTBOX).lean()) as Endpoint[];
    this.endpoints = new Map(all.map((e) => [e._id, e]));
    this.revision = revision;
  }
}
