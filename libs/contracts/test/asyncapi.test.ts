import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';
import { stringify } from 'yaml';
import { EVENT_TYPES } from '../src';
import { buildAsyncApiDocument } from '../src/asyncapi/asyncapi-document';

const COMMITTED = join(__dirname, '..', '..', '..', 'docs', 'asyncapi.yaml');

describe('AsyncAPI document', () => {
  it('when generated from the contracts, then the official parser accepts it with no errors and it lists every event', async () => {
    const { document, diagnostics } = await new Parser().parse(stringify(buildAsyncApiDocument()));

    expect(diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error)).toEqual([]);
    expect(document?.channels().all().map((c) => c.address()).sort()).toEqual([...EVENT_TYPES].sort());
    const placed = document?.messages().all().find((m) => m.name() === 'order.placed');
    expect(placed?.payload()?.properties()?.data?.required()).toEqual(['orderId', 'userId', 'items', 'total']);
  });

  it('when compared with docs/asyncapi.yaml, then the committed document is current (run `npm run asyncapi`)', () => {
    expect(readFileSync(COMMITTED, 'utf8')).toBe(stringify(buildAsyncApiDocument(), { aliasDuplicateObjects: false }));
  });
});
