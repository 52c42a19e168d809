import { Types } from 'mongoose';
import { ProductIndex, type IndexableProduct } from './product-index';
import { parseQuery, withinOneEdit } from './text-match';

let clock = Date.UTC(2026, 0, 1);
function product(fields: Partial<IndexableProduct> & { name: string }): IndexableProduct {
  clock += 1000;
  return {
    _id: new Types.ObjectId(),
    sku: `SKU-${clock}`,
    nameKey: fields.name.toLowerCase(),
    description: '',
    category: 'cups',
    price: { amount: 100, currency: 'EUR' },
    images: [],
    active: true,
    version: 1,
    stock: { available: 1, reserved: 0, sold: 0 },
    createdAt: new Date(clock),
    updatedAt: new Date(clock),
    ...fields,
  };
}

const names = (index: ProductIndex, query: Parameters<ProductIndex['list']>[0]) =>
  index.list(query).hits.map((h) => h.product.view.name);

describe('text matching', () => {
  it.each([
    ['grinder', 'grnder', true],
    ['grinder', 'grinders', true],
    ['grinder', 'grindar', true],
    ['grinder', 'grindre', false],
    ['mug', 'mugs', true],
    ['mug', 'bag', false],
  ])('%s and %s are within one edit: %s', (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
  });

  it('when a query holds characters words do not, then it is matched literally; otherwise as words', () => {
    expect(parseQuery('  T-Shirt Blue ')).toEqual({ mode: 'words', words: ['t', 'shirt', 'blue'] });
    expect(parseQuery('$where')).toEqual({ mode: 'literal', text: '$where' });
    expect(parseQuery('.*')).toEqual({ mode: 'literal', text: '.*' });
    expect(parseQuery('---')).toEqual({ mode: 'literal', text: '---' });
  });
});

describe('the product index', () => {
  it('when a change arrives with an older version than the one held, then it changes nothing; an archived product does not come back', () => {
    const index = new ProductIndex((slug) => slug);
    const v1 = product({ name: 'Kettle' });
    expect(index.apply({ ...v1, version: 2, name: 'Kettle two', nameKey: 'kettle two' })).toBe(true);
    expect(index.apply(v1)).toBe(false);
    expect(names(index, { sort: 'name', limit: 10 })).toEqual(['Kettle two']);
    expect(index.apply({ ...v1, version: 3, active: false })).toBe(true);
    expect(index.apply({ ...v1, version: 2 })).toBe(false);
    expect(index.size).toBe(0);
  });

  it('when paging any sort with a cursor, then each product comes once and in order, built in bulk or one by one', () => {
    const records = ['b', 'a', 'c', 'a', 'b', 'd'].map((name, i) =>
      product({ name, price: { amount: (i % 3) * 100, currency: 'EUR' } }),
    );
    const bulk = ProductIndex.build(records, (slug) => slug);
    const single = new ProductIndex((slug) => slug);
    for (const record of records) single.apply(record);
    for (const index of [bulk, single]) {
      for (const sort of ['name', '-name', 'price', '-price', '-createdAt'] as const) {
        const seen: string[] = [];
        let after: { key: string | number; id: string } | undefined;
        for (;;) {
          const hits = index.list({ sort, limit: 2, after }).hits;
          const page = hits.slice(0, 2);
          seen.push(...page.map((h) => h.product.id));
          const last = page[page.length - 1];
          if (hits.length <= 2 || !last) break;
          after = { key: last.key, id: last.product.id };
        }
        const all = index.list({ sort, limit: 100 }).hits.map((h) => h.product.id);
        expect(seen).toEqual(all);
        expect(new Set(seen).size).toBe(records.length);
      }
    }
  });

  it('when searching, then a name hit outranks a description hit, and a product keeps its score whatever else the catalog holds', () => {
    const index = new ProductIndex((slug) => slug);
    const inName = product({ name: 'Espresso cup' });
    const inDescription = product({ name: 'Saucer', description: 'for an espresso cup' });
    index.apply(inDescription);
    index.apply(inName);
    const before = index.list({ q: 'espresso', sort: 'relevance', limit: 10 }).hits;
    expect(before.map((h) => h.product.view.name)).toEqual(['Espresso cup', 'Saucer']);
    for (let i = 0; i < 20; i++) index.apply(product({ name: `espresso ${i}` }));
    const after = index.list({ q: 'espresso', sort: 'relevance', limit: 100 }).hits;
    expect(after.find((h) => h.product.id === inName._id.toHexString())?.key).toBe(before[0]?.key);
  });
});
