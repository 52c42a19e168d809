import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';
import { stringify } from 'yaml';
import { EVENT_TYPES, SERVICES, SUBSCRIPTIONS } from '../src';
import { buildAsyncApiDocument } from '../src/asyncapi/asyncapi-document';

const COMMITTED = join(__dirname, '..', '..', '..', 'docs', 'asyncapi.yaml');

describe('AsyncAPI document', () => {
  it('when generated from the contracts, then the official parser accepts it with no errors and it lists every event', async () => {
    const { document, diagnostics } = await new Parser().parse(stringify(buildAsyncApiDocument()));

    expect(diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error)).toEqual([]);
    expect(
      document
        ?.channels()
        .all()
        .map((c) => c.address())
        .sort(),
    ).toEqual([...EVENT_TYPES].sort());
    const placed = document
      ?.messages()
      .all()
      .find((m) => m.name() === 'order.placed');
    expect(placed?.payload()?.properties()?.data?.required()).toEqual(['orderId', 'userId', 'items', 'total']);
  });

  it('when generated, then each subscription of the contracts is a receive operation on its type and each type has one send', async () => {
    const { document } = await new Parser().parse(stringify(buildAsyncApiDocument()));

    const operations = document?.operations().all() ?? [];
    const receives = operations
      .filter((o) => o.action() === 'receive')
      .map((o) => `${String(o.json().title)} @ ${o.channels().all()[0]?.address()}`);
    const expected = SERVICES.flatMap((service) =>
      SUBSCRIPTIONS[service].map(
        (type) => `${service}-service takes ${type} from its queue ${service}.events @ ${type}`,
      ),
    );
    expect(receives.sort()).toEqual(expected.sort());
    expect(operations.filter((o) => o.action() === 'send')).toHaveLength(EVENT_TYPES.length);
  });

  it('when compared with docs/asyncapi.yaml, then the committed document is current (run `npm run asyncapi`)', () => {
    expect(readFileSync(COMMITTED, 'utf8')).toBe(stringify(buildAsyncApiDocument(), { aliasDuplicateObjects: false }));
  });
});
