import type { mongo } from 'mongoose';

/** One command a service sent to its store, reduced to what decides its cost. */
export interface RecordedCommand {
  name: string;
  collection: string;
  /** The filters it carries: `filter` of a find, `q` of each update or delete, `query` of a findAndModify. */
  filters: unknown[];
}

/** What one named step of a test sent: every command, and those that break the `{_id}`-or-insert rule. */
export interface RecordedStep {
  commands: RecordedCommand[];
  offending: RecordedCommand[];
}

export interface StoreCommandLog {
  readonly commands: readonly RecordedCommand[];
  /** Commands that are neither an insert nor a read or write of documents named by a single-field `{_id}`. */
  offending(options?: { exceptCollections?: readonly string[] }): RecordedCommand[];
  /** The steps recorded by `step`, by name, in the order they ran. */
  readonly steps: ReadonlyMap<string, RecordedStep>;
  /** Clears what came before, runs `act` and keeps what it sent as the step `name`; returns what `act` returned. */
  step<T>(name: string, act: () => Promise<T>): Promise<T>;
  /** Each recorded step's offending commands, by step name (`[]` where there were none). */
  offendingByStep(): Record<string, RecordedCommand[]>;
  clear(): void;
  stop(): void;
}

export interface RecordOptions {
  /** Only this database's commands. */
  dbName?: string;
  /** Collections a step's offending commands leave out (e.g. the relay's periodic sweep of `outbox_pointers`). */
  exceptCollections?: readonly string[];
}

// Connection and cursor housekeeping, not data access.
const HOUSEKEEPING = new Set([
  'hello',
  'ismaster',
  'isMaster',
  'ping',
  'buildInfo',
  'buildinfo',
  'endSessions',
  'getMore',
  'killCursors',
  'saslStart',
  'saslContinue',
]);

function isScalarId(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'number') return true;
  return typeof value === 'object' && value !== null && (value as { _bsontype?: string })._bsontype === 'ObjectId';
}

/** True for `{ _id: <string | number | ObjectId> }` and nothing more. */
export function isIdFilter(filter: unknown): boolean {
  if (typeof filter !== 'object' || filter === null) return false;
  const keys = Object.keys(filter);
  return keys.length === 1 && keys[0] === '_id' && isScalarId((filter as { _id: unknown })._id);
}

function reduce(event: mongo.CommandStartedEvent): RecordedCommand {
  const command = event.command as Record<string, unknown>;
  const name = event.commandName;
  const collection = String(command[name] ?? '');
  const filters =
    name === 'find'
      ? [command.filter ?? {}]
      : name === 'update'
        ? ((command.updates as Array<{ q: unknown }> | undefined) ?? []).map((u) => u.q)
        : name === 'delete'
          ? ((command.deletes as Array<{ q: unknown }> | undefined) ?? []).map((d) => d.q)
          : name === 'findAndModify'
            ? [command.query ?? {}]
            : [];
  return { name, collection, filters };
}

function allowed(command: RecordedCommand): boolean {
  if (command.name === 'insert') return true;
  if (['find', 'update', 'delete', 'findAndModify'].includes(command.name))
    return command.filters.length > 0 && command.filters.every(isIdFilter);
  return false;
}

const WRITES = new Set(['insert', 'update', 'delete', 'findAndModify']);

/**
 * Write commands per collection, e.g. `{ orders: 1, outbox_pointers: 2 }`: what a step cost the store. `except`
 * leaves out collections that background work writes whenever it runs (a job's lease renewals).
 */
export function writesOf(commands: readonly RecordedCommand[], except: readonly string[] = []): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of commands)
    if (WRITES.has(c.name) && !except.includes(c.collection)) counts[c.collection] = (counts[c.collection] ?? 0) + 1;
  return counts;
}

/**
 * Records the commands a client sends (the client must be connected with `monitorCommands: true`, as the
 * service kit's store connection is), to prove a path touches documents only by `_id` or inserts them.
 */
export function recordStoreCommands(client: mongo.MongoClient, options: string | RecordOptions = {}): StoreCommandLog {
  const { dbName, exceptCollections = [] } = typeof options === 'string' ? { dbName: options } : options;
  const commands: RecordedCommand[] = [];
  const steps = new Map<string, RecordedStep>();
  const offending = (except: readonly string[] = []): RecordedCommand[] =>
    commands.filter((c) => !allowed(c) && !except.includes(c.collection));
  const listener = (event: mongo.CommandStartedEvent): void => {
    if (HOUSEKEEPING.has(event.commandName)) return;
    if (dbName !== undefined && event.databaseName !== dbName) return;
    commands.push(reduce(event));
  };
  client.on('commandStarted', listener);
  return {
    commands,
    offending: (opts = {}) => offending(opts.exceptCollections),
    steps,
    async step(name, act) {
      commands.splice(0);
      const result = await act();
      steps.set(name, { commands: [...commands], offending: offending(exceptCollections) });
      return result;
    },
    offendingByStep: () => Object.fromEntries([...steps].map(([name, step]) => [name, step.offending])),
    clear: () => void commands.splice(0),
    stop: () => void client.off('commandStarted', listener),
  };
}
