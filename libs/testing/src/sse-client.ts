import { withDeadline } from './wait';

export interface SseEvent {
  id: string | undefined;
  event: string;
  data: string;
}

export interface SseConnection {
  status: number;
  headers: Headers;
  /** Events received so far, in order. */
  readonly events: SseEvent[];
  /** Comment lines (`: text`) received so far, without the colon. */
  readonly comments: string[];
  /** The first event (received before or after the call) that `match` accepts. */
  waitForEvent(match: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  waitForComment(match: (comment: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Resolves when the server ends the stream (or the connection drops). */
  ended: Promise<void>;
  /** The response body for a non-2xx answer (the stream is not read then). */
  body(): Promise<string>;
  close(): void;
}

/**
 * A Server-Sent Events client over fetch, so it can send an Authorization header (the browser's EventSource
 * cannot). Parses the text/event-stream as the WHATWG spec says: fields per line, an empty line ends an event.
 */
export async function openSse(
  url: string,
  headers: Record<string, string> = {},
  timeoutMs = 20000,
): Promise<SseConnection> {
  const abort = new AbortController();
  const res = await withDeadline(
    fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal }),
    timeoutMs,
    `the stream ${url} to answer`,
  );
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  const notify = (): void => {
    for (const waiter of [...waiters]) waiter();
  };

  const read = async (): Promise<void> => {
    const decoder = new TextDecoder();
    let buffer = '';
    let current: { id?: string; event?: string; data: string[] } = { data: [] };
    if (!res.body) return;
    const reader = res.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (current.data.length > 0)
            events.push({ id: current.id, event: current.event ?? 'message', data: current.data.join('\n') });
          current = { data: [] };
        } else if (line.startsWith(':')) {
          comments.push(line.slice(1).trim());
        } else {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'data') current.data.push(text);
          else if (field === 'id') current.id = text;
          else if (field === 'event') current.event = text;
        }
      }
      notify();
    }
  };
  const ok = res.status >= 200 && res.status < 300;
  const ended = ok ? read().catch(() => undefined) : Promise.resolve();

  const waitUntil = <T>(find: () => T | undefined, ms: number, what: string): Promise<T> => {
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    let waiter: () => void = () => undefined;
    const arrived = new Promise<T>((resolve) => {
      waiter = () => {
        const value = find();
        if (value === undefined) return;
        waiters.delete(waiter);
        resolve(value);
      };
      waiters.add(waiter);
    });
    return withDeadline(arrived, ms, what).finally(() => waiters.delete(waiter));
  };

  return {
    status: res.status,
    headers: res.headers,
    events,
    comments,
    ended,
    waitForEvent: (match, ms = 20000) => waitUntil(() => events.find(match), ms, 'a matching server-sent event'),
    waitForComment: (match, ms = 20000) => waitUntil(() => comments.find(match), ms, 'a matching server-sent comment'),
    body: () => (ok ? Promise.resolve('') : res.text()),
    close: () => abort.abort(),
  };
}
