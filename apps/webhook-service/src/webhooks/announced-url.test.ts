import { announcedUrl } from './endpoints';

describe('the endpoint URL the admins are shown when the service disables an endpoint', () => {
  it('when the URL carries credentials, a query and a fragment, then only scheme, host, port and path are kept', () => {
    expect(announcedUrl('https://user:pa55@hooks.partner.example:8443/in/orders?token=abc&sig=x#frag')).toBe(
      'https://hooks.partner.example:8443/in/orders',
    );
  });

  it('when the URL is plain, then it is shown as it is', () => {
    expect(announcedUrl('https://hooks.partner.example/in')).toBe('https://hooks.partner.example/in');
  });

  it('when the stored value is not a URL, then nothing of it is shown', () => {
    expect(announcedUrl('not a url?token=abc')).toBe('(not a URL)');
  });
});
