import type { Money } from '@shopwire/contracts';

/** 1299 EUR → "€12.99": minor units scaled by the currency's own number of decimals. */
export function formatMoney(money: Money): string {
  const format = new Intl.NumberFormat('en-GB', { style: 'currency', currency: money.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(money.amount / 10 ** digits);
}
