import { useEffect, useState } from 'preact/hooks';
import type { Money } from './api';

export interface CartLine {
  productId: string;
  name: string;
  price: Money;
  quantity: number;
}

const KEY = 'shopwire.cart';
const listeners = new Set<() => void>();

export function cartLines(): CartLine[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as CartLine[];
  } catch {
    return [];
  }
}

function save(lines: CartLine[]): void {
  localStorage.setItem(KEY, JSON.stringify(lines));
  listeners.forEach((l) => l());
}

export function addToCart(line: Omit<CartLine, 'quantity'>, quantity = 1): void {
  const lines = cartLines();
  const existing = lines.find((l) => l.productId === line.productId);
  if (existing) existing.quantity = Math.min(100, existing.quantity + quantity);
  else lines.push({ ...line, quantity });
  save(lines);
}

export function setQuantity(productId: string, quantity: number): void {
  save(
    cartLines().flatMap((l) =>
      l.productId !== productId ? [l] : quantity > 0 ? [{ ...l, quantity: Math.min(100, quantity) }] : [],
    ),
  );
}

export function clearCart(): void {
  save([]);
}

export function cartTotal(lines: CartLine[]): Money | null {
  const first = lines[0];
  return first
    ? { amount: lines.reduce((sum, l) => sum + l.price.amount * l.quantity, 0), currency: first.price.currency }
    : null;
}

/** The cart, kept in localStorage: the same across reloads and tabs. */
export function useCart(): CartLine[] {
  const [lines, setLines] = useState(cartLines);
  useEffect(() => {
    const update = () => setLines(cartLines());
    listeners.add(update);
    const onStorage = (e: StorageEvent) => e.key === KEY && update();
    window.addEventListener('storage', onStorage);
    return () => {
      listeners.delete(update);
      window.removeEventListener('storage', onStorage);
    };
  }, []);
  return lines;
}
