import { useEffect, useState } from 'preact/hooks';
import { accessToken, api, refreshTokens, session } from './api';
import type { InboxItem } from './model';

// The signed-in user's notifications, live: SSE over fetch (EventSource cannot send Authorization), reconnecting
// with a growing delay and resuming from the last event id; the bell and the order page listen here.

export type StreamState = 'off' | 'connecting' | 'live' | 'reconnecting';
interface LiveState {
  stream: StreamState;
  unread: number;
  items: InboxItem[];
}

let state: LiveState = { stream: 'off', unread: 0, items: [] };
const stateListeners = new Set<() => void>();
const itemListeners = new Set<(item: InboxItem) => void>();
let controller: AbortController | null = null;

function set(next: Partial<LiveState>): void {
  state = { ...state, ...next };
  stateListeners.forEach((l) => l());
}

export function useLive(): LiveState {
  const [, setTick] = useState(0);
  useEffect(() => {
    const update = () => setTick((n) => n + 1);
    stateListeners.add(update);
    return () => void stateListeners.delete(update);
  }, []);
  return state;
}

/** Calls `listener` for each notification that arrives live, and once more for `connected` after each (re)connect. */
export function onLive(listener: (item: InboxItem) => void): () => void {
  itemListeners.add(listener);
  return () => itemListeners.delete(listener);
}
const reconnectListeners = new Set<() => void>();
export function onConnected(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}

export async function markRead(id: string): Promise<void> {
  await api(`/notifications/${id}/read`, { method: 'POST' });
  set({
    items: state.items.map((n) => (n.id === id ? { ...n, read: true } : n)),
    unread: Math.max(0, state.unread - (state.items.find((n) => n.id === id && !n.read) ? 1 : 0)),
  });
}

async function loadInbox(): Promise<void> {
  const page = await api<{ items: InboxItem[] }>('/notifications?limit=50');
  set({ items: page.items, unread: page.items.filter((n) => !n.read).length });
}

function deliver(item: InboxItem): void {
  if (state.items.some((n) => n.id === item.id)) return;
  set({ items: [item, ...state.items].slice(0, 50), unread: state.unread + (item.read ? 0 : 1) });
  itemListeners.forEach((l) => l(item));
}

async function readStream(signal: AbortSignal, lastId: { value?: string }): Promise<void> {
  const token = await accessToken();
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (lastId.value) headers['last-event-id'] = lastId.value;
  const response = await fetch('/api/v1/notifications/stream', { headers, signal });
  if (response.status === 401 && !(await refreshTokens())) throw new Error('signed out');
  if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
  set({ stream: 'live' });
  reconnectListeners.forEach((l) => l());
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('id:')) lastId.value = line.slice(3).trim();
        else if (line.startsWith('data:')) data += line.slice(5).trim();
      }
      if (data) deliver(JSON.parse(data) as InboxItem);
    }
  }
}

/** Opens the stream for the signed-in user (closing any earlier one); stops on sign-out. */
export function startLive(): void {
  stopLive();
  if (!session()) return;
  const abort = new AbortController();
  controller = abort;
  set({ stream: 'connecting' });
  void loadInbox().catch(() => undefined);
  void (async () => {
    const lastId: { value?: string } = {};
    let delay = 500;
    while (!abort.signal.aborted && session()) {
      try {
        await readStream(abort.signal, lastId);
        delay = 500;
      } catch {
        if (abort.signal.aborted) return;
      }
      if (abort.signal.aborted || !session()) break;
      set({ stream: 'reconnecting' });
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 10_000);
    }
    if (controller === abort) set({ stream: 'off' });
  })();
}

export function stopLive(): void {
  controller?.abort();
  controller = null;
  set({ stream: 'off', unread: 0, items: [] });
}
