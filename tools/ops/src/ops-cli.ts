import mongoose, { type mongo } from 'mongoose';
import { ConfigError } from '@shopwire/service-kit';
import { AmqpSession } from './amqp-session';
import { jobRows } from './jobs.ops';
import { listDeadLetters, purgeDeadLetters, replayDeadLetters } from './dlq.ops';
import { loadOpsConfig, servicesByMongoUrl, type OpsConfig } from './ops-config';
import { table, UsageError, type OpsOutput } from './ops-output';
import { outboxRows } from './outbox.ops';
import { listQueues } from './queues.ops';

export const OPS_USAGE = [
  'usage: npm run ops -- <command>',
  '  queues                                   depth and consumers of every service queue',
  '  dlq list <service> [--limit N] [--json]  dead letters with reason, error and attempt',
  '  dlq replay <service> --id <eventId>...   move dead letters back to the service queue',
  '  dlq replay <service> --all',
  '  dlq purge <service>                      delete every dead letter of the service',
  '  outbox status [--json]                   events not yet published, per service and collection',
  '  jobs [--json]                            each scheduled job: lease holder, lease left, last run and outcome',
  "env: AMQP_URL, OPS_SERVICES (service=database,...), each service's MongoDB: OPS_MONGO_URL_<SERVICE> or",
  '     OPS_MONGO_URLS (service=url;...), else MONGO_URL',
].join('\n');

interface Args {
  positional: string[];
  ids: string[];
  all: boolean;
  json: boolean;
  limit: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { positional: [], ids: [], all: false, json: false, limit: 100 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--all') args.all = true;
    else if (arg === '--json') args.json = true;
    else if (arg === '--id' || arg === '--limit') {
      const value = argv[++i];
      if (!value || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      if (arg === '--id') args.ids.push(value);
      else if (!/^\d+$/.test(value)) throw new UsageError('--limit must be a positive integer');
      else args.limit = Number(value);
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else args.positional.push(arg);
  }
  return args;
}

function serviceArg(config: OpsConfig, name: string | undefined): string {
  if (!name) throw new UsageError('which service? one of: ' + [...config.services.keys()].join(', '));
  if (!config.services.has(name))
    throw new UsageError(`unknown service "${name}"; known: ${[...config.services.keys()].join(', ')}`);
  return name;
}

async function withBroker<T>(config: OpsConfig, fn: (session: AmqpSession) => Promise<T>): Promise<T> {
  const session = await AmqpSession.open(config.amqpUrl);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}

// Each service's rows from its own database, one client per MongoDB, in the order of OPS_SERVICES.
async function perDatabase<R>(
  config: OpsConfig,
  read: (service: string, db: mongo.Db, now: number) => Promise<R[]>,
): Promise<R[]> {
  const now = Date.now();
  const byUrl = await Promise.all(
    [...servicesByMongoUrl(config)].map(async ([url, services]) => {
      const client = new mongoose.mongo.MongoClient(url, { serverSelectionTimeoutMS: 5000 });
      await client.connect();
      try {
        const rows = new Map<string, R[]>();
        for (const [service, database] of services) rows.set(service, await read(service, client.db(database), now));
        return rows;
      } finally {
        await client.close();
      }
    }),
  );
  return [...config.services.keys()].flatMap((service) => byUrl.flatMap((rows) => rows.get(service) ?? []));
}

async function dispatch(args: Args, config: OpsConfig, io: OpsOutput): Promise<number> {
  const [command, sub, name] = args.positional;
  if (command === 'queues') {
    const rows = await withBroker(config, (s) => listQueues(s, [...config.services.keys()]));
    if (args.json) io.out(JSON.stringify(rows));
    else
      table([['queue', 'messages', 'consumers'], ...rows.map((r) => [r.queue, r.messages, r.consumers])]).forEach(
        io.out,
      );
    return 0;
  }
  if (command === 'outbox' && sub === 'status') {
    const rows = await perDatabase(config, outboxRows);
    if (args.json) io.out(JSON.stringify(rows));
    else
      table([
        ['service', 'database', 'collection', 'backlog', 'oldest_age_s'],
        ...rows.map((r) => [r.service, r.database, r.collection, r.backlog, r.oldestAgeSeconds ?? '-']),
      ]).forEach(io.out);
    return 0;
  }
  if (command === 'jobs') {
    const rows = await perDatabase(config, jobRows);
    if (args.json) io.out(JSON.stringify(rows));
    else
      table([
        ['service', 'job', 'holder', 'lease_left_s', 'last_run', 'duration_ms', 'outcome'],
        ...rows.map((r) => [
          r.service,
          r.job,
          r.leaseLeftSeconds === null ? `${r.holder} (expired)` : r.holder,
          r.leaseLeftSeconds ?? '-',
          r.lastRunAt ?? '-',
          r.lastDurationMs ?? '-',
          r.lastError ? `${r.lastOutcome}: ${r.lastError}` : (r.lastOutcome ?? '-'),
        ]),
      ]).forEach(io.out);
    return 0;
  }
  if (command === 'dlq' && sub === 'list') {
    const service = serviceArg(config, name);
    const letters = await withBroker(config, (s) => listDeadLetters(s, service, args.limit));
    if (args.json) io.out(JSON.stringify(letters));
    else
      table([
        ['id', 'type', 'reason', 'attempt', 'at', 'error'],
        ...letters.map((l) => [l.id, l.type, l.reason, l.attempt, l.at, l.error]),
      ]).forEach(io.out);
    return 0;
  }
  if (command === 'dlq' && sub === 'replay') {
    const service = serviceArg(config, name);
    if (args.all === args.ids.length > 0)
      throw new UsageError('dlq replay needs either --id <eventId> (repeatable) or --all');
    const wanted = new Set(args.ids);
    const replayed = await withBroker(config, (s) =>
      replayDeadLetters(s, service, (l) => args.all || wanted.has(l.id)),
    );
    io.out(`replayed ${replayed.length} dead letter(s) to ${service}.events`);
    const missing = args.ids.filter((id) => !replayed.includes(id));
    if (missing.length > 0) {
      io.err(`not found in ${service}.events.dlq: ${missing.join(', ')}`);
      return 1;
    }
    return 0;
  }
  if (command === 'dlq' && sub === 'purge') {
    const service = serviceArg(config, name);
    const purged = await withBroker(config, (s) => purgeDeadLetters(s, service));
    io.out(`purged ${purged} dead letter(s) from ${service}.events.dlq`);
    return 0;
  }
  throw new UsageError(command ? `unknown command "${args.positional.join(' ')}"` : 'no command given');
}

/** Runs one operator command; returns the exit code (0 ok, 1 failed, 2 usage). `env` defaults to the process's. */
export async function runOps(argv: string[], io: OpsOutput, env?: NodeJS.ProcessEnv): Promise<number> {
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.out(OPS_USAGE);
      return 0;
    }
    return await dispatch(parseArgs(argv), loadOpsConfig(env), io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`ops: ${err.message}\n${OPS_USAGE}`);
      return 2;
    }
    if (err instanceof ConfigError) {
      io.err(`ops: ${err.message}`);
      return 2;
    }
    io.err(`ops: ${(err as Error).message}`);
    return 1;
  }
}
