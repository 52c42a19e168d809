import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@shopwire/testing';
import { auditOpenApi, auditRecord, describeFindings, fetchMergedOpenApi, MERGED_OPENAPI_PATH } from './openapi-audit';
import { startSystemOnOwnVhost, type OwnSystem } from './own-system';

const root = join(__dirname, '..', '..');
const RULESET = join(root, 'tools', 'bench', 'spectral-owasp.yaml');
const RECORD_FILE = join(root, '.data', 'openapi-audit.json');
// The document audited, for `npx spectral lint --ruleset tools/bench/spectral-owasp.yaml .data/openapi-audited.json`.
const DOCUMENT_FILE = join(root, '.data', 'openapi-audited.json');

describe('the merged OpenAPI document against the OWASP API security ruleset', () => {
  let system: OwnSystem;

  beforeAll(async () => {
    system = await startSystemOnOwnVhost();
  }, 120000);

  afterAll(() => system?.stop());

  it('when Spectral lints the gateway’s /docs/json, then it reports no errors, and the warnings left are recorded', async () => {
    const document = await waitFor(() => fetchMergedOpenApi(system.gatewayUrl), {
      timeoutMs: 20000,
      description: 'a merged document with every service',
    });

    const audit = await auditOpenApi(document, RULESET);

    const record = auditRecord(`${system.gatewayUrl}${MERGED_OPENAPI_PATH}`, 'tools/bench/spectral-owasp.yaml', audit);
    mkdirSync(join(root, '.data'), { recursive: true });
    writeFileSync(RECORD_FILE, `${JSON.stringify(record, null, 2)}\n`);
    writeFileSync(DOCUMENT_FILE, `${JSON.stringify(document, null, 2)}\n`);
    console.log(
      `OpenAPI audit: ${record.errors} errors, ${record.warnings} warnings (written to .data/openapi-audit.json)`,
    );
    expect(Object.keys((document.paths ?? {}) as object).length).toBeGreaterThan(10);
    if (audit.errors.length > 0)
      throw new Error(`Spectral reported ${audit.errors.length} errors:\n${describeFindings(audit.errors)}`);
  }, 60000);

  it('when a parameter has a default, then a client may leave it out: it is not required', async () => {
    const document = await waitFor(() => fetchMergedOpenApi(system.gatewayUrl), {
      timeoutMs: 20000,
      description: 'a merged document with every service',
    });
    type Parameter = { name: string; in: string; required?: boolean; schema?: { default?: unknown } };
    const operations = Object.entries(
      document.paths as Record<string, Record<string, { parameters?: Parameter[] }>>,
    ).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({
        at: `${method.toUpperCase()} ${path}`,
        parameters: operation.parameters ?? [],
      })),
    );

    const defaulted = operations.flatMap(({ at, parameters }) =>
      parameters
        .filter((p) => p.schema?.default !== undefined)
        .map((p) => ({ at, name: p.name, required: p.required ?? false })),
    );

    expect(defaulted.map(({ at, name }) => `${at} ${name}`)).toEqual(
      expect.arrayContaining([
        'GET /api/v1/products limit',
        'GET /api/v1/orders limit',
        'GET /api/v1/users limit',
        'GET /api/v1/notifications limit',
      ]),
    );
    expect(defaulted.filter((p) => p.required)).toEqual([]);
  });
});
