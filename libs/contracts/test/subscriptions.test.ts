import { EVENT_TYPES, PUBLISHERS, SERVICES, SUBSCRIPTIONS, isServiceName, publishedBy, subscribersOf } from '../src';

describe('subscriptions and publishers', () => {
  it('when a service is asked what it publishes, then it is the types the contracts name it the publisher of', () => {
    expect(publishedBy('user')).toEqual([
      'user.registered',
      'user.updated',
      'user.deleted',
      'user.addresses.changed',
      'user.roles.changed',
    ]);
    expect(publishedBy('notification')).toEqual([]);
    expect(publishedBy('webhook')).toEqual(['webhook.endpoint.disabled']);
    expect(subscribersOf('webhook.endpoint.disabled')).toEqual(['notification']);
    expect(SERVICES.flatMap((service) => publishedBy(service)).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('when a type is asked for its subscribers, then every service whose subscription lists it answers, and none for a type nobody takes', () => {
    expect(subscribersOf('order.cancelled')).toEqual(['catalog', 'order', 'notification', 'webhook', 'recommendation']);
    expect(subscribersOf('product.archived')).toEqual(['order', 'webhook', 'recommendation']);
    expect(subscribersOf('user.registered')).toEqual(['notification']);
    expect(subscribersOf('user.deleted')).toEqual(['order', 'notification', 'recommendation']);
    expect(publishedBy('recommendation')).toEqual([]);
    expect(subscribersOf('stock.released')).toEqual([]);
  });

  it('when the subscriptions are listed, then each names known types once', () => {
    for (const service of SERVICES) {
      const types = SUBSCRIPTIONS[service];
      expect(new Set(types).size).toBe(types.length);
      for (const type of types) expect(PUBLISHERS[type]).toBeDefined();
    }
  });

  it('when a name is checked, then only the services of the contracts are service names', () => {
    expect(isServiceName('notification')).toBe(true);
    expect(isServiceName('notification-test-1')).toBe(false);
  });
});
