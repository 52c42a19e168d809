import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import type * as SpectralCore from '@stoplight/spectral-core';
import type * as SpectralParsers from '@stoplight/spectral-parsers';
import type * as SpectralRuntime from '@stoplight/spectral-runtime';
import { DiagnosticSeverity } from '@stoplight/types';

// Spectral as its CLI runs it, all from one (Node's own) module loader. The ruleset bundler is loaded without its
// type declarations: they pull the DOM library into the compilation, which retypes fetch for every other e2e file.
const load = createRequire(__filename);
const { Document, Spectral } = load('@stoplight/spectral-core') as typeof SpectralCore;
const { Json } = load('@stoplight/spectral-parsers') as typeof SpectralParsers;
const { fetch: spectralFetch } = load('@stoplight/spectral-runtime') as typeof SpectralRuntime;
const { bundleAndLoadRuleset } = load('@stoplight/spectral-ruleset-bundler/with-loader') as {
  bundleAndLoadRuleset(
    rulesetFile: string,
    io: { fs: typeof fs; fetch: typeof spectralFetch },
    plugins: unknown[],
  ): Promise<SpectralCore.Ruleset>;
};
const { builtins } = load('@stoplight/spectral-ruleset-bundler/plugins/builtins') as { builtins(): unknown };
const { commonjs } = load('@stoplight/spectral-ruleset-bundler/plugins/commonjs') as { commonjs(): unknown };

/** Where the gateway serves the merged OpenAPI document of every service. */
export const MERGED_OPENAPI_PATH = '/docs/json';

export interface AuditFinding {
  rule: string;
  /** JSON path in the document, e.g. `paths./api/v1/orders.post.responses`. */
  at: string;
  message: string;
}

export interface OpenApiAudit {
  errors: AuditFinding[];
  warnings: AuditFinding[];
  /** Findings of information and hint severity, counted only. */
  others: number;
}

/** What a run leaves on disk: the counts, and how many of each rule's warnings remain. */
export interface AuditRecord {
  url: string;
  ruleset: string;
  errors: number;
  warnings: number;
  others: number;
  errorsByRule: Record<string, number>;
  warningsByRule: Record<string, number>;
}

const finding = (result: SpectralCore.ISpectralDiagnostic): AuditFinding => ({
  rule: String(result.code),
  at: result.path.join('.'),
  message: result.message,
});

/** Lints an OpenAPI document with a Spectral ruleset file, as `spectral lint --ruleset <file>` would. */
export async function auditOpenApi(document: unknown, rulesetFile: string): Promise<OpenApiAudit> {
  // The CLI's plugins: `extends` of an npm ruleset that is CommonJS needs the commonjs plugin.
  const ruleset = await bundleAndLoadRuleset(rulesetFile, { fs, fetch: spectralFetch }, [builtins(), commonjs()]);
  const spectral = new Spectral();
  spectral.setRuleset(ruleset);
  const results = await spectral.run(new Document(JSON.stringify(document, null, 2), Json, 'openapi.json'));
  return {
    errors: results.filter((r) => r.severity === DiagnosticSeverity.Error).map(finding),
    warnings: results.filter((r) => r.severity === DiagnosticSeverity.Warning).map(finding),
    others: results.filter((r) => r.severity !== DiagnosticSeverity.Error && r.severity !== DiagnosticSeverity.Warning)
      .length,
  };
}

/** The gateway's merged document; refuses one that lacks a service, whose routes the audit would then not see. */
export async function fetchMergedOpenApi(gatewayUrl: string): Promise<Record<string, unknown>> {
  const url = new URL(MERGED_OPENAPI_PATH, gatewayUrl).href;
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  const document = (await res.json()) as Record<string, unknown>;
  if (document['x-missing-services'])
    throw new Error(`GET ${url} lacks the documents of ${JSON.stringify(document['x-missing-services'])}`);
  return document;
}

const countByRule = (findings: AuditFinding[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.rule] = (counts[f.rule] ?? 0) + 1;
  return counts;
};

export const auditRecord = (url: string, rulesetFile: string, audit: OpenApiAudit): AuditRecord => ({
  url,
  ruleset: rulesetFile,
  errors: audit.errors.length,
  warnings: audit.warnings.length,
  others: audit.others,
  errorsByRule: countByRule(audit.errors),
  warningsByRule: countByRule(audit.warnings),
});

export const describeFindings = (findings: AuditFinding[]): string =>
  findings.map((f) => `  ${f.rule} at ${f.at}: ${f.message}`).join('\n');
