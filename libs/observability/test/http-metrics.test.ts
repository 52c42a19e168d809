import { unique, createOwnVhost, type OwnVhost } from '@shopwire/testing';
import { startBuiltService, type BuiltService } from './support/built-service';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

// Prometheus text exposition: `name{label="value",...} number`, comments skipped.
function parseSamples(text: string): Sample[] {
  return text.split('\n').flatMap((line) => {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) return [];
    const labels = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    return [{ name: match[1] ?? '', labels, value: Number(match[3]) }];
  });
}

describe('the HTTP histogram of a built service', () => {
  let vhost: OwnVhost;
  let service: BuiltService;
  beforeAll(async () => {
    vhost = await createOwnVhost();
    service = await startBuiltService('user-service', { AMQP_URL: vhost.amqpUrl });
  });
  afterAll(async () => {
    await service?.stop();
    await vhost?.remove();
  });

  it('when requests were served, then /metrics counts them per route and status with buckets that add up', async () => {
    for (let i = 0; i < 3; i += 1) expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
    for (let i = 0; i < 2; i += 1) expect((await fetch(`${service.url}/${unique('nowhere')}`)).status).toBe(404);

    const res = await fetch(`${service.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const samples = parseSamples(await res.text());
    const series = (route: string, status: string) =>
      samples.filter(
        (s) =>
          s.name.startsWith('http_request_duration_seconds') &&
          s.labels.route === route &&
          s.labels.status_code === status,
      );

    for (const [route, status, count] of [
      ['/health/live', '200', 3],
      ['unmatched', '404', 2],
    ] as const) {
      const points = series(route, status);
      expect(points.find((s) => s.name === 'http_request_duration_seconds_count')?.value).toBe(count);
      const buckets = points
        .filter((s) => s.name === 'http_request_duration_seconds_bucket')
        .sort(
          (a, b) =>
            Number(a.labels.le === '+Inf' ? Infinity : a.labels.le) -
            Number(b.labels.le === '+Inf' ? Infinity : b.labels.le),
        );
      expect(buckets.length).toBeGreaterThan(5);
      expect(buckets.map((b) => b.value)).toEqual([...buckets.map((b) => b.value)].sort((a, b) => a - b));
      expect(buckets.at(-1)).toMatchObject({ labels: { le: '+Inf' }, value: count });
      const sum = points.find((s) => s.name === 'http_request_duration_seconds_sum')?.value ?? 0;
      expect(sum).toBeGreaterThan(0);
      expect(sum / count).toBeLessThan(5);
      expect(points.every((s) => s.labels.service === 'user-service' && s.labels.method === 'GET')).toBe(true);
    }
    expect(samples.some((s) => s.name === 'http_request_duration_seconds_count' && s.labels.route === '/metrics')).toBe(
      false,
    );
  });
});
