import { waitFor, gatewaysUnderTest } from '@shopwire/testing';
import { ResponseContract } from './response-contract';

// Every e2e test file runs with this (jest.config.js): each answer a test receives from a gateway it started is checked
// against that gateway's merged OpenAPI document, and the test fails on any mismatch.

const DOCUMENT_PATH = '/docs/json';
const send = globalThis.fetch;
const contracts = new Map<string, Promise<ResponseContract>>();
const mismatches: string[] = [];

/** The merged document once every service is in it (a service that has not answered yet is listed as missing). */
async function contractOf(gatewayUrl: string): Promise<ResponseContract> {
  const document = await waitFor(
    async () => {
      const res = await send(`${gatewayUrl}${DOCUMENT_PATH}`);
      const body = (await res.json()) as Record<string, unknown>;
      return res.status === 200 && !body['x-missing-services'] ? body : undefined;
    },
    { timeoutMs: 60000, description: `a merged OpenAPI document with every service at ${gatewayUrl}${DOCUMENT_PATH}` },
  );
  return ResponseContract.of(document);
}

const urlOf = (input: Parameters<typeof fetch>[0]): string =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
const methodOf = (input: Parameters<typeof fetch>[0], init: RequestInit | undefined): string =>
  (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();

async function check(method: string, url: string, res: Response): Promise<void> {
  const gatewayUrl = new URL(url).origin;
  if (!gatewaysUnderTest.has(gatewayUrl)) return;
  const where = expect.getState().currentTestName ?? 'a hook';
  let contract: ResponseContract;
  try {
    if (!contracts.has(gatewayUrl)) contracts.set(gatewayUrl, contractOf(gatewayUrl));
    contract = await (contracts.get(gatewayUrl) as Promise<ResponseContract>);
  } catch (error) {
    mismatches.push(`[${where}] ${method} ${url}: no document to check it against: ${(error as Error).message}`);
    return;
  }
  const streamed = res.headers.get('content-type')?.startsWith('text/event-stream') ?? false;
  let body: string | undefined;
  try {
    body = streamed || method === 'HEAD' ? undefined : await res.clone().text();
  } catch {
    // The body never arrived whole (the service died mid-answer, the caller aborted): the caller sees that itself.
    return;
  }
  for (const mismatch of contract.mismatches({ method, url, status: res.status, headers: res.headers, body }))
    mismatches.push(`[${where}] ${mismatch}`);
}

globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
  const res = await send(input, init);
  await check(methodOf(input, init), urlOf(input), res);
  return res;
}) as typeof fetch;

const failOnMismatches = (): void => {
  const found = mismatches.splice(0);
  if (found.length > 0)
    throw new Error(`${found.length} answer(s) through the gateway break its OpenAPI document:\n${found.join('\n')}`);
};

afterEach(failOnMismatches);
afterAll(failOnMismatches);
