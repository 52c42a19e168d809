import { randomUUID } from 'node:crypto';
import { createEvent, type EventData } from '@shopwire/contracts';
import { unique } from '@shopwire/testing';
import { orderRequest, startOrderServiceWithCustomer, type OrderServiceUnderTest } from './support/order-service';

describe("order-service's copy of the catalog", () => {
  let svc: OrderServiceUnderTest;
  let token: string;

  beforeAll(async () => ({ svc, token } = await startOrderServiceWithCustomer()));
  afterAll(() => svc?.close());

  const cause = () => ({ source: 'catalog-service', correlationId: randomUUID() });
  const productEvent = (
    type: 'product.created' | 'product.updated',
    data: EventData<'product.created'>,
    occurredAt: Date,
  ) => ({
    ...createEvent(type, data, cause()),
    occurredAt: occurredAt.toISOString(),
  });
  const archivedEvent = (productId: string, occurredAt: Date) => ({
    ...createEvent('product.archived', { productId }, cause()),
    occurredAt: occurredAt.toISOString(),
  });
  const snapshot = (productId: string, amount: number): EventData<'product.created'> => ({
    productId,
    sku: unique('SKU'),
    name: 'Teapot',
    price: { amount, currency: 'EUR' },
    active: true,
    category: 'tea',
  });
  const priceOfNewOrder = async (productId: string) => {
    const { statusCode, body } = await svc.placeOrder(token, orderRequest([{ productId, quantity: 1 }]));
    return statusCode === 202 ? body.total.amount : statusCode;
  };

  it('when a product is updated, then new orders use the new price and existing orders keep theirs', async () => {
    const product = await svc.publishProduct({ price: { amount: 1000, currency: 'EUR' } });
    const { body: before } = await svc.placeOrder(token, orderRequest([{ productId: product.productId, quantity: 1 }]));

    const update = productEvent(
      'product.updated',
      { ...product, price: { amount: 1500, currency: 'EUR' } },
      new Date(Date.now() + 1000),
    );
    await svc.publishHandled(update);

    expect(await priceOfNewOrder(product.productId)).toBe(1500);
    expect((await svc.getOrder(token, before.id)).body.total.amount).toBe(1000);
  });

  it('when an older update arrives after a newer one, then it is ignored', async () => {
    const productId = unique('prod');
    const now = Date.now();
    const newer = productEvent('product.updated', snapshot(productId, 2000), new Date(now));
    const older = productEvent('product.created', snapshot(productId, 100), new Date(now - 60000));

    await svc.publishHandled(newer, older);

    expect(await priceOfNewOrder(productId)).toBe(2000);
  });

  it('when a product is archived, then ordering it answers 422 PRODUCT_UNAVAILABLE', async () => {
    const product = await svc.publishProduct();
    const archived = archivedEvent(product.productId, new Date(Date.now() + 1000));

    await svc.publishHandled(archived);

    const res = await svc.placeOrder(token, orderRequest([{ productId: product.productId, quantity: 1 }]));
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatchObject({ code: 'PRODUCT_UNAVAILABLE' });
  });

  it('when product.archived overtakes product.created, then the product stays unorderable', async () => {
    const productId = unique('prod');
    const now = Date.now();
    const archived = archivedEvent(productId, new Date(now));
    const created = productEvent('product.created', snapshot(productId, 700), new Date(now - 1000));

    await svc.publishHandled(archived, created);

    expect(await priceOfNewOrder(productId)).toBe(422);
  });

  it('when a product is published inactive, then it cannot be ordered', async () => {
    const product = await svc.publishProduct({ active: false });
    expect(await priceOfNewOrder(product.productId)).toBe(422);
  });
});
