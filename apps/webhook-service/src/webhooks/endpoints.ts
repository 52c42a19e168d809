import { randomUUID } from 'node:crypto';
import { createEvent, type EventCause, type EventData } from '@shopwire/contracts';
import { badRequest, notFound, type AppError } from '@shopwire/service-kit';
import type { DirectoryDeps, EndpointDeps, StoreDeps } from '../deps';
import type { Endpoint } from '../models/endpoint.model';
import { newSecret } from './signing';
import { TargetRefused, type TargetGuard } from '../adapters/partner-http/target-guard';

export interface EndpointInput {
  url: string;
  eventTypes: string[];
  description?: string;
  enabled?: boolean;
}

/** What admins see of an endpoint: never its secrets. */
export interface EndpointView {
  id: string;
  url: string;
  eventTypes: string[];
  description?: string;
  enabled: boolean;
  disabledReason?: string;
  failingSince?: string;
  createdAt: string;
  updatedAt: string;
}

export const WEBHOOK_SOURCE = 'webhook-service';

export const endpointNotFound = (): AppError =>
  notFound('WEBHOOK_ENDPOINT_NOT_FOUND', 'No webhook endpoint with this id');

export function viewOf(endpoint: Endpoint): EndpointView {
  return {
    id: endpoint._id,
    url: endpoint.url,
    eventTypes: endpoint.eventTypes,
    ...(endpoint.description !== undefined ? { description: endpoint.description } : {}),
    enabled: endpoint.enabled,
    ...(endpoint.disabledReason ? { disabledReason: endpoint.disabledReason } : {}),
    ...(endpoint.failingSince ? { failingSince: new Date(endpoint.failingSince).toISOString() } : {}),
    createdAt: new Date(endpoint.createdAt).toISOString(),
    updatedAt: new Date(endpoint.updatedAt).toISOString(),
  };
}

async function checkUrl(guard: TargetGuard, url: string): Promise<void> {
  try {
    await guard(url);
  } catch (error) {
    if (error instanceof TargetRefused)
      throw badRequest('WEBHOOK_URL_REFUSED', `The endpoint URL is refused: ${error.message}`, [
        { field: '/url', message: error.message },
      ]);
    throw error;
  }
}

export async function createEndpoint(
  deps: EndpointDeps,
  input: EndpointInput,
): Promise<EndpointView & { secret: string }> {
  await checkUrl(deps.guard, input.url);
  const now = new Date();
  const secret = newSecret();
  const endpoint = await deps.store.insert(deps.models.endpoints, {
    _id: `we_${randomUUID().replace(/-/g, '')}`,
    url: input.url,
    eventTypes: [...new Set(input.eventTypes)],
    description: input.description,
    enabled: input.enabled ?? true,
    secrets: [{ secret }],
    createdAt: now,
    updatedAt: now,
  });
  await deps.directory.changed(endpoint._id, endpoint);
  return { ...viewOf(endpoint), secret };
}

export async function getEndpoint({ store, models }: StoreDeps, id: string): Promise<Endpoint> {
  const endpoint = await store.get(models.endpoints, id);
  if (!endpoint) throw endpointNotFound();
  return endpoint;
}

/** Admins list a handful of endpoints: this replica's copy names them, each is read by `_id`. */
export async function listEndpoints(
  deps: DirectoryDeps,
  limit: number,
  offset: number,
): Promise<{ items: EndpointView[]; nextCursor: string | null }> {
  const ids = await deps.directory.ids();
  const page = ids.slice(offset, offset + limit);
  const endpoints = await Promise.all(page.map((id) => deps.store.get(deps.models.endpoints, id)));
  const items = endpoints.filter((e): e is Endpoint => e !== null).map(viewOf);
  return { items, nextCursor: offset + limit < ids.length ? String(offset + limit) : null };
}

export async function updateEndpoint(
  deps: EndpointDeps,
  id: string,
  change: Partial<EndpointInput>,
): Promise<EndpointView> {
  if (change.url !== undefined) await checkUrl(deps.guard, change.url);
  const set: Record<string, unknown> = { updatedAt: new Date() };
  const unset: Record<string, 1> = {};
  if (change.url !== undefined) set.url = change.url;
  if (change.eventTypes !== undefined) set.eventTypes = [...new Set(change.eventTypes)];
  if (change.description !== undefined) set.description = change.description;
  if (change.enabled !== undefined) set.enabled = change.enabled;
  // An admin turning an endpoint on again gives it a fresh start.
  if (change.enabled === true) Object.assign(unset, { disabledReason: 1, failingSince: 1 });
  const updated = await deps.store.update(deps.models.endpoints, id, undefined, {
    $set: set,
    ...(Object.keys(unset).length ? { $unset: unset } : {}),
  });
  if (!updated) throw endpointNotFound();
  await deps.directory.changed(id, updated);
  return viewOf(updated);
}

export async function deleteEndpoint(deps: DirectoryDeps, id: string): Promise<void> {
  if (!(await deps.store.remove(deps.models.endpoints, id))) throw endpointNotFound();
  await deps.directory.changed(id, null);
}

/** A new secret signs from now on; the previous one keeps signing too for the overlap, then stops. */
export async function rotateSecret(
  deps: EndpointDeps,
  id: string,
): Promise<{ secret: string; previousSecretExpiresAt: string }> {
  return deps.store.exclusive(deps.models.endpoints, id, async () => {
    const endpoint = await getEndpoint(deps, id);
    const now = new Date();
    const expiresAt = new Date(now.getTime() + deps.secretOverlapMs);
    const current = endpoint.secrets.find((s) => !s.expiresAt) ?? endpoint.secrets[0];
    const secret = newSecret();
    const secrets = [{ secret }, ...(current ? [{ secret: current.secret, expiresAt }] : [])];
    await deps.directory.changed(
      id,
      await deps.store.update(deps.models.endpoints, id, undefined, { $set: { secrets, updatedAt: now } }),
    );
    return { secret, previousSecretExpiresAt: expiresAt.toISOString() };
  });
}

export type DisabledReason = EventData<'webhook.endpoint.disabled'>['reason'];

/**
 * Turns an enabled endpoint off on the service's own account (it answered 410, or failed for too long), with
 * `webhook.endpoint.disabled` for the admins in the same write; one already off is left alone and announced no more.
 */
export async function disableEndpoint(
  deps: DirectoryDeps,
  endpoint: Pick<Endpoint, '_id' | 'url'>,
  reason: DisabledReason,
  cause: EventCause,
): Promise<boolean> {
  const now = new Date();
  const event = createEvent(
    'webhook.endpoint.disabled',
    { endpointId: endpoint._id, url: announcedUrl(endpoint.url), reason, disabledAt: now.toISOString() },
    { source: WEBHOOK_SOURCE, ...cause },
  );
  const updated = await deps.store.update(
    deps.models.endpoints,
    endpoint._id,
    { enabled: true },
    { $set: { enabled: false, disabledReason: reason, updatedAt: now }, $push: { outbox: event } },
  );
  if (updated) await deps.directory.changed(endpoint._id, updated);
  return updated !== null;
}

/**
 * The URL as the admins' notice shows it: scheme, host, port and path only. Partners put tokens in query strings
 * (and credentials, fragments); those must not travel to inboxes and emails.
 */
export function announcedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

/** Starts (a time) or ends (undefined) an endpoint's failing spell, once per change. */
export async function markFailing(deps: DirectoryDeps, id: string, since: Date | undefined): Promise<void> {
  const { store, models } = deps;
  const updated = since
    ? await store.update(models.endpoints, id, { failingSince: { $exists: false } }, { $set: { failingSince: since } })
    : await store.update(models.endpoints, id, { failingSince: { $exists: true } }, { $unset: { failingSince: 1 } });
  if (updated) await deps.directory.changed(id, updated);
}
