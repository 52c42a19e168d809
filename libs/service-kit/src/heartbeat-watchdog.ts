import type { mongo } from 'mongoose';

/**
 * Calls `onStuck` once when a heartbeat of the driver's server monitor has neither succeeded nor failed within
 * `limitMs`, and returns a function that stops watching. Why: mongodb 7.8 (and 7.9) can wedge its monitor for
 * good when the store closes the monitor's socket just as a heartbeat is written (writeCommand then waits for a
 * 'drain' a destroyed socket never emits); no heartbeat runs again and every operation fails server selection.
 */
export function watchHeartbeats(client: mongo.MongoClient, limitMs: number, onStuck: () => void): () => void {
  const pending = new Map<string, number>();
  const started = (event: mongo.ServerHeartbeatStartedEvent): void => {
    if (!pending.has(event.connectionId)) pending.set(event.connectionId, Date.now());
  };
  const ended = (event: mongo.ServerHeartbeatSucceededEvent | mongo.ServerHeartbeatFailedEvent): void => {
    pending.delete(event.connectionId);
  };
  client.on('serverHeartbeatStarted', started);
  client.on('serverHeartbeatSucceeded', ended);
  client.on('serverHeartbeatFailed', ended);
  const stop = (): void => {
    clearInterval(timer);
    client.off('serverHeartbeatStarted', started);
    client.off('serverHeartbeatSucceeded', ended);
    client.off('serverHeartbeatFailed', ended);
  };
  const timer = setInterval(() => {
    const now = Date.now();
    if (![...pending.values()].some((at) => now - at > limitMs)) return;
    stop();
    onStuck();
  }, 1000);
  timer.unref();
  return stop;
}
