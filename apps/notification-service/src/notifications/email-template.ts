import type { NotificationContent } from './content';
import { formatMoney } from './money';

export interface EmailBody {
  subject: string;
  text: string;
  html: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

function facts(content: NotificationContent): Array<[string, string]> {
  const order = content.order;
  if (!order) return [];
  const rows: Array<[string, string]> = [
    ['Order', order.orderId],
    ['Status', order.status],
  ];
  if (order.total) rows.push(['Total', formatMoney(order.total)]);
  if (order.reason) rows.push(['Reason', order.reason]);
  return rows;
}

/** A short plain-text email and its HTML twin; every value from an event is escaped in the HTML. */
export function renderEmail(content: NotificationContent, name: string | undefined): EmailBody {
  const greeting = `Hello${name ? ` ${name}` : ''},`;
  const rows = facts(content);
  const text = [
    greeting,
    '',
    content.body,
    ...(rows.length ? ['', ...rows.map(([k, v]) => `${k}: ${v}`)] : []),
    '',
    '-- Shopwire',
    '',
  ].join('\n');
  const table = rows.length
    ? `<table>${rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`
    : '';
  const html = `<!doctype html><html><body><p>${escapeHtml(greeting)}</p><p>${escapeHtml(content.body)}</p>${table}<p>-- Shopwire</p></body></html>`;
  return { subject: content.title, text, html };
}
