import { mongo } from 'mongoose';
import { sampleAddress, unique, waitFor } from '@shopwire/testing';
import { startOrderService, type OrderServiceUnderTest } from './support/order-service';

const home = sampleAddress('London');
const work = {
  name: 'A. Lovelace',
  line1: '1 Analytical Way',
  line2: 'Floor 3',
  city: 'London',
  postalCode: 'N1 9GU',
  country: 'GB',
};

describe('orders placed with a saved address (addressId)', () => {
  let svc: OrderServiceUnderTest;
  let productId: string;

  beforeAll(async () => {
    svc = await startOrderService();
    productId = (await svc.publishProduct()).productId;
  });
  afterAll(() => svc?.close());

  const addressId = () => new mongo.ObjectId().toHexString();
  const withAddress = (id: string, items = [{ productId, quantity: 1 }]) => ({
    items,
    addressId: id,
    payment: { method: 'card', token: 'tok_visa' },
  });
  const ordersOf = (userId: string) => svc.db.collection('orders').countDocuments({ userId });

  it('when the user saved the address, then the order carries it as its shipping address, also once confirmed', async () => {
    const { userId, token } = await svc.customer();
    const id = addressId();
    await svc.publishAddressBook(userId, 1, [
      { id: addressId(), ...work },
      { id, ...home },
    ]);

    const placed = await svc.placeOrder(token, withAddress(id));
    await svc.reserveStock(placed.body.id, [{ productId, quantity: 1 }]);
    const confirmed = await svc.waitForStatus(token, placed.body.id, 'confirmed');

    expect(placed.statusCode).toBe(202);
    expect(placed.body).toMatchObject({ shippingAddress: home, addressId: id });
    expect(confirmed).toMatchObject({ shippingAddress: home, addressId: id });
  });

  it('when the addressId names no address the user saved, then 422 ADDRESS_NOT_FOUND and no order', async () => {
    const { userId, token } = await svc.customer();
    await svc.publishAddressBook(userId, 1, [{ id: addressId(), ...home }]);

    const res = await svc.placeOrder(token, withAddress('000000000000000000000000'));

    expect(res.statusCode).toBe(422);
    expect(res.body).toMatchObject({ code: 'ADDRESS_NOT_FOUND', status: 422 });
    expect(await ordersOf(userId)).toBe(0);
  });

  it('when the user has never saved an address, then 422 ADDRESS_NOT_FOUND', async () => {
    const { userId, token } = await svc.customer();

    const res = await svc.placeOrder(token, withAddress(addressId()));

    expect(res.statusCode).toBe(422);
    expect(res.body).toMatchObject({ code: 'ADDRESS_NOT_FOUND' });
    expect(await ordersOf(userId)).toBe(0);
  });

  it("when the addressId is another user's address, then 422 ADDRESS_NOT_FOUND", async () => {
    const owner = await svc.customer();
    const stranger = await svc.customer();
    const id = addressId();
    await svc.publishAddressBook(owner.userId, 1, [{ id, ...home }]);

    const res = await svc.placeOrder(stranger.token, withAddress(id));

    expect(res.statusCode).toBe(422);
    expect(res.body).toMatchObject({ code: 'ADDRESS_NOT_FOUND' });
    expect(await ordersOf(stranger.userId)).toBe(0);
  });

  it('when the address was removed, then 422 ADDRESS_NOT_FOUND, while a replay of an order placed before still answers it', async () => {
    const { userId, token } = await svc.customer();
    const id = addressId();
    const key = unique('key');
    await svc.publishAddressBook(userId, 1, [{ id, ...home }]);
    const before = await svc.placeOrder(token, withAddress(id), key);

    await svc.publishAddressBook(userId, 2, []);

    const res = await svc.placeOrder(token, withAddress(id));
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatchObject({ code: 'ADDRESS_NOT_FOUND' });
    const replayed = await svc.placeOrder(token, withAddress(id), key);
    expect([replayed.statusCode, replayed.body.id]).toEqual([202, before.body.id]);
    expect(replayed.body.shippingAddress).toEqual(home);
  });

  it('when an older address book arrives after a newer one, then the newer stays', async () => {
    const { userId, token } = await svc.customer();
    const id = addressId();
    await svc.publishAddressBook(userId, 5, [{ id, ...work }]);

    await svc.publishAddressBook(userId, 4, [{ id, ...home }]);
    await svc.publishAddressBook(userId, 3, []);

    const res = await svc.placeOrder(token, withAddress(id));
    expect(res.statusCode).toBe(202);
    expect(res.body.shippingAddress).toEqual(work);
  });

  it('when the user is deleted, then the saved addresses are forgotten, also against an address book that arrives late', async () => {
    const { userId, token } = await svc.customer();
    const id = addressId();
    await svc.publishAddressBook(userId, 1, [{ id, ...home }]);

    await svc.deleteUser(userId);
    await svc.publishAddressBook(userId, 2, [{ id, ...home }]);

    expect(await svc.db.collection('address_books').findOne({ _id: userId as never })).toMatchObject({
      addresses: [],
      forgottenAt: expect.any(Date),
    });
    // And the deleted user's token no longer places anything (user.deleted also revokes it, read from user.access).
    const refused = await waitFor(
      async () => {
        const res = await svc.placeOrder(token, withAddress(id));
        return res.statusCode === 401 ? res : undefined;
      },
      { timeoutMs: 10000, description: "the deleted user's token to be refused" },
    );
    expect(refused.body).toMatchObject({ code: 'TOKEN_REVOKED' });
  });

  it('when a shipping address is given with a label, then the order keeps it', async () => {
    const { token } = await svc.customer();

    const res = await svc.placeOrder(token, {
      items: [{ productId, quantity: 1 }],
      shippingAddress: home,
      payment: { method: 'card', token: 'tok_visa' },
    });

    expect(res.statusCode).toBe(202);
    expect(res.body.shippingAddress).toEqual(home);
    expect(res.body.addressId).toBeUndefined();
  });
});
