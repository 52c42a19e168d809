import type { FastifyBaseLogger } from 'fastify';
import type { StoreDeps } from '../models';
import type { Endpoint } from '../models/endpoint.model';
import { highestInUse, padded } from './numbering';

const isDuplicateKey = (error: unknown): boolean => (error as { code?: number } | null)?.code === 11000;

/**
 * This replica's copy of every endpoint, so an event finds its endpoints and an attempt its URL and secrets without
 * a read. Each endpoint is a document of its own (no shared list two replicas could overwrite); the copy is loaded
 * at start (the one scan), changed at once by this replica's own writes, and reloaded when another replica's change
 * shows up as the next endpoint revision (one read by `_id` every `pollMs`, and before an admin lists endpoints).
 */
export class EndpointDirectory {
  private endpoints = new Map<string, Endpoint>();
  /** The last endpoint revision the copy includes. */
  private revision = 0;
  /** Counts this replica's own changes: a load that overlapped one may have missed it and is done again. */
  private ownChanges = 0;
  private loaded: Promise<void> | undefined;
  private catchingUp: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: StoreDeps,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Loads the endpoints and follows other replicas' changes from then on. */
  start(pollMs: number): Promise<void> {
    this.timer ??= setInterval(() => void this.catchUp().catch((error: Error) => this.log.warn({ err: { message: error.message } }, 'endpoint changes not read; trying again')), pollMs);
    this.timer.unref();
    return this.ready();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Resolves once the endpoints were loaded (loading them now when the store was not there at start). */
  ready(): Promise<void> {
    this.loaded ??= this.reload().catch((error: unknown) => {
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
    return (await this.deps.store.get(this.deps.models.endpoints, id)) ?? undefined;
  }

  /** Every endpoint id, sorted, with other replicas' changes up to now. */
  async ids(): Promise<string[]> {
    await this.ready();
    await this.catchUp();
    return [...this.endpoints.keys()].sort();
  }

  /**
   * Records a change this replica made and stored (the endpoint as stored, or null when deleted) as the next
   * revision, so the other replicas reload. Awaited by the admin call: its answer comes once every replica can see it.
   */
  async changed(id: string, endpoint: Endpoint | null): Promise<void> {
    await this.ready();
    this.ownChanges += 1;
    if (endpoint) this.endpoints.set(id, endpoint);
    else this.endpoints.delete(id);
    const { store, models } = this.deps;
    for (;;) {
      const next = this.revision + 1;
      try {
        await store.insert(models.endpointRevision, { _id: padded(next), endpointId: id, at: new Date() });
        this.revision = next;
        return;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // Another replica changed an endpoint meanwhile: its change and ours are both in a fresh load.
        await this.reload();
      }
    }
  }

  /** When the revision after ours exists, another replica changed an endpoint: load them all again. */
  catchUp(): Promise<void> {
    this.catchingUp ??= (async () => {
      try {
        if (await this.exists(this.revision + 1)) await this.reload();
      } finally {
        this.catchingUp = undefined;
      }
    })();
    return this.catchingUp;
  }

  private async exists(n: number): Promise<boolean> {
    return (await this.deps.store.get(this.deps.models.endpointRevision, padded(n), { _id: 1 })) !== null;
  }

  private async reload(): Promise<void> {
    // The revision first: an endpoint is written before its revision, so the scan that follows includes every
    // change up to it (and perhaps a later one, which the next catch-up loads again).
    const before = this.ownChanges;
    const revision = await highestInUse((n) => this.exists(n), this.revision);
    const all = (await this.deps.models.endpoints.find({}, { outbox: 0 }).lean()) as Endpoint[];
    if (this.ownChanges !== before) return this.reload();
    this.endpoints = new Map(all.map((e) => [e._id, e]));
    this.revision = revision;
  }
}
