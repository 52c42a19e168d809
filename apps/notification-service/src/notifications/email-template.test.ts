import { orderContent, welcomeContent } from './content';
import { renderEmail } from './email-template';

describe('email templates', () => {
  it('when an order ships, then subject, text and HTML name the order, its status and its total', () => {
    const email = renderEmail(
      orderContent('order.shipped', { orderId: 'A-17', userId: 'u', total: { amount: 2550, currency: 'USD' } }),
      'Grace',
    );

    expect(email.subject).toBe('Order A-17 shipped');
    expect(email.text).toBe(
      'Hello Grace,\n\nYour order A-17 is on its way. Total: US$25.50.\n\nOrder: A-17\nStatus: shipped\nTotal: US$25.50\n\n-- Shopwire\n',
    );
    expect(email.html).toContain('<tr><th align="left">Total</th><td>US$25.50</td></tr>');
  });

  it('when a currency has no minor unit, then the amount is not divided by 100', () => {
    const email = renderEmail(
      orderContent('order.confirmed', { orderId: 'J-1', userId: 'u', total: { amount: 1500, currency: 'JPY' } }),
      undefined,
    );

    expect(email.text).toContain('Total: JP¥1,500');
    expect(email.text.startsWith('Hello,\n')).toBe(true);
  });

  it('when event values hold markup, then the HTML escapes every one of them', () => {
    const email = renderEmail(
      orderContent('order.cancelled', { orderId: '<b>1</b>', userId: 'u', reason: '"quoted" & <script>' }),
      '<img src=x>',
    );

    expect(email.html).not.toMatch(/<script>|<img|<b>/);
    expect(email.html).toContain('&lt;img src=x&gt;');
    expect(email.html).toContain('&quot;quoted&quot; &amp; &lt;script&gt;');
  });

  it('when a user registers, then the welcome greets them by name', () => {
    expect(welcomeContent('Ada').body).toMatch(/^Welcome, Ada!/);
    expect(renderEmail(welcomeContent('Ada'), 'Ada').subject).toBe('Welcome to Shopwire');
  });
});
