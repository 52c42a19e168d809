#!/usr/bin/env node
// `npm run audit:api [-- <gateway url>]`: lints the running gateway's merged OpenAPI (/docs/json) with Spectral and the
// OWASP ruleset (tools/bench/spectral-owasp.yaml), as the e2e test openapi-audit does; exits 1 when there are errors.
// The gateway is the argument, else GATEWAY_URL, else http://localhost:8080.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { bundle } from './lib/bundle.mjs';
import { root } from './lib/infra.mjs';

const gatewayUrl = process.argv[2] || process.env.GATEWAY_URL || 'http://localhost:8080';
// The audit itself lives with the e2e tests (e2e/test/openapi-audit.ts); this only bundles and runs it.
const outfile = await bundle('e2e/test/openapi-audit.ts', join(root, '.data', 'tools', 'openapi-audit.cjs'));
const { auditOpenApi, describeFindings, fetchMergedOpenApi, MERGED_OPENAPI_PATH } = createRequire(import.meta.url)(
  outfile,
);

try {
  const audit = await auditOpenApi(
    await fetchMergedOpenApi(gatewayUrl),
    join(root, 'tools', 'bench', 'spectral-owasp.yaml'),
  );
  if (audit.errors.length > 0) console.log(`errors:\n${describeFindings(audit.errors)}`);
  console.log(
    `${new URL(MERGED_OPENAPI_PATH, gatewayUrl).href}: ${audit.errors.length} errors, ${audit.warnings.length} warnings`,
  );
  process.exitCode = audit.errors.length > 0 ? 1 : 0;
} catch (error) {
  console.error(
    `audit:api: ${error instanceof Error ? error.message : String(error)} (is the gateway running at ${gatewayUrl}?)`,
  );
  process.exitCode = 2;
}
