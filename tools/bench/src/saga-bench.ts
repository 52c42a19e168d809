import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { ApiClient, percentiles } from '@shopwire/loadgen';

export interface SagaStep {
  rate: number;
  seconds: number;
  placed: number;
  httpErrors: number;
  confirmed: number;
  rejected: number;
  unsettled: number;
  p50Ms: number;
  p99Ms: number;
  sustained: boolean;
}

/**
 * POST /orders at a fixed rate; each order's latency runs from sending the POST until its order.confirmed
 * event is on the exchange (read from a queue of the bench's own, so nothing polls the API).
 */
export async function sagaStep(opts: {
  gatewayUrl: string;
  amqpUrl: string;
  tokens: string[];
  productId: string;
  rate: number;
  seconds: number;
  settleMs: number;
}): Promise<SagaStep> {
  const connection = await amqp.connect(opts.amqpUrl);
  const channel = await connection.createChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  for (const key of ['order.confirmed', 'order.rejected']) await channel.bindQueue(queue, 'shopwire.events', key);
  const sentAt = new Map<string, number>();
  const outcome = new Map<string, { status: string; ms: number }>();
  const early = new Map<string, { status: string; at: number }>();
  await channel.consume(
    queue,
    (msg) => {
      if (!msg) return;
      const event = JSON.parse(msg.content.toString()) as { type: string; data: { orderId: string } };
      const status = event.type === 'order.confirmed' ? 'confirmed' : 'rejected';
      const started = sentAt.get(event.data.orderId);
      if (started === undefined) early.set(event.data.orderId, { status, at: performance.now() });
      else outcome.set(event.data.orderId, { status, ms: performance.now() - started });
    },
    { noAck: true },
  );

  const api = new ApiClient(opts.gatewayUrl, undefined, { connections: 256 });
  let httpErrors = 0;
  const posts: Promise<void>[] = [];
  const total = opts.rate * opts.seconds;
  const startedAt = performance.now();
  for (let i = 0; i < total; i++) {
    const due = startedAt + (i * 1000) / opts.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const t0 = performance.now();
    posts.push(
      api
        .call<{ id?: string }>('POST', '/api/v1/orders', {
          token: opts.tokens[i % opts.tokens.length],
          headers: { 'idempotency-key': `bench-${randomUUID()}` },
          body: {
            items: [{ productId: opts.productId, quantity: 1 }],
            shippingAddress: {
              name: 'Bench',
              line1: '1 Bench Road',
              city: 'Berlin',
              postalCode: '10115',
              country: 'DE',
            },
            payment: { method: 'card', token: 'tok_visa' },
          },
        })
        .then((res) => {
          if (res.status !== 202 || !res.body?.id) {
            httpErrors++;
            return;
          }
          sentAt.set(res.body.id, t0);
          const seen = early.get(res.body.id);
          if (seen) outcome.set(res.body.id, { status: seen.status, ms: seen.at - t0 });
        }),
    );
  }
  await Promise.all(posts);
  const deadline = performance.now() + opts.settleMs;
  while (outcome.size < sentAt.size && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  await api.close();
  await connection.close();

  const latencies = [...outcome.values()].filter((o) => o.status === 'confirmed').map((o) => o.ms);
  const p = percentiles(latencies);
  const confirmed = latencies.length;
  const rejected = [...outcome.values()].filter((o) => o.status === 'rejected').length;
  const unsettled = sentAt.size - outcome.size;
  return {
    rate: opts.rate,
    seconds: opts.seconds,
    placed: sentAt.size,
    httpErrors,
    confirmed,
    rejected,
    unsettled,
    p50Ms: p.p50,
    p99Ms: p.p99,
    sustained: httpErrors === 0 && unsettled === 0 && rejected === 0,
  };
}
