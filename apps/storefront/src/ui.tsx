import type { ComponentChildren, JSX } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiError, formatMoney, type Money } from './api';
import { reasonText, type OrderStatus } from './model';

/** A problem from the API as a readable message, announced to screen readers, next to what caused it. */
export function ErrorNote({ error, id }: { error: unknown; id?: string }) {
  if (!error) return null;
  const problem =
    error instanceof ApiError
      ? error.problem
      : { title: 'Something went wrong', detail: (error as Error).message, code: undefined };
  return (
    <p class="error" role="alert" id={id} data-code={problem.code}>
      <strong>{problem.title}</strong>
      {problem.detail ? `: ${problem.detail}` : ''}
    </p>
  );
}

export function Field(props: {
  label: string;
  name: string;
  value: string;
  onInput: (value: string) => void;
  error?: unknown;
  type?: string;
  required?: boolean;
  autocomplete?: string;
  hint?: ComponentChildren;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}) {
  const message = props.error instanceof ApiError ? props.error.fieldMessage(props.name) : undefined;
  const id = `f-${props.name}`;
  const describedBy =
    [props.hint ? `${id}-hint` : '', message ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        required={props.required}
        autocomplete={props.autocomplete}
        minLength={props.minLength}
        maxLength={props.maxLength}
        pattern={props.pattern}
        aria-invalid={message ? 'true' : undefined}
        aria-describedby={describedBy}
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
      />
      {props.hint ? (
        <small id={`${id}-hint`} class="hint">
          {props.hint}
        </small>
      ) : null}
      {message ? (
        <small id={`${id}-error`} class="error">
          {message}
        </small>
      ) : null}
    </div>
  );
}

/** The keys of a form whose values are text (or absent): the ones a Field can edit. */
type TextKeys<T> = { [K in keyof T]-?: T[K] extends string | undefined ? K : never }[keyof T] & string;

/**
 * What each Field of one form repeats: its name, the form's value under that name, an onInput that writes the
 * form back with that one value changed (through `map` when given), and the form's error.
 */
export function fieldBinder<T extends object>(form: T, onChange: (next: T) => void, error: unknown) {
  return <K extends TextKeys<T>>(name: K, map: (value: string) => string = (value) => value) => ({
    name,
    value: (form[name] as string | undefined) ?? '',
    onInput: (value: string) => onChange({ ...form, [name]: map(value) }),
    error,
  });
}

/** An input in a table row or a line, labelled for screen readers only (the row shows what it belongs to). */
export function InlineInput({
  id,
  label,
  ...input
}: { id: string; label: string } & JSX.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <>
      <label class="visually-hidden" for={id}>
        {label}
      </label>
      <input id={id} {...input} />
    </>
  );
}

export function Price({ money }: { money: Money }) {
  return <span class="price">{formatMoney(money)}</span>;
}

export function StatusBadge({ status, reason }: { status: OrderStatus; reason?: string }) {
  return (
    <span class={`status status-${status}`} data-testid="order-status" data-status={status}>
      {status}
      {reason ? <span class="reason"> — {reasonText(reason)}</span> : null}
    </span>
  );
}

export interface Async<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` when `deps` change; the latest run wins. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <p class="loading" role="status">
      {label}…
    </p>
  );
}

/** Lines of a cart or an order: quantity × name, and the line's price. */
export function LineList({
  lines,
}: {
  lines: Array<{ productId: string; name?: string; quantity: number; price?: Money }>;
}) {
  return (
    <ul class="lines">
      {lines.map((l) => (
        <li key={l.productId}>
          <span>
            {l.quantity} × {l.name ?? l.productId}
          </span>
          {l.price ? <Price money={{ amount: l.price.amount * l.quantity, currency: l.price.currency }} /> : null}
        </li>
      ))}
    </ul>
  );
}

/** A cursor-paginated list: the first page reloads with `deps`, "Show more" appends the next. */
export function usePaged<T>(path: (cursor?: string) => string, deps: unknown[]) {
  const [extra, setExtra] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const first = useAsync(() => {
    setExtra([]);
    setCursor(undefined);
    return api<{ items: T[]; nextCursor?: string | null }>(path());
  }, deps);
  const next = cursor === undefined ? first.data?.nextCursor : cursor;
  const [moreError, setMoreError] = useState<unknown>(null);
  const more = async () => {
    try {
      const result = await api<{ items: T[]; nextCursor?: string | null }>(path(next ?? undefined));
      setExtra((e) => [...e, ...result.items]);
      setCursor(result.nextCursor ?? null);
    } catch (error) {
      setMoreError(error);
    }
  };
  return {
    ...first,
    items: [...(first.data?.items ?? []), ...extra],
    error: first.error ?? moreError,
    hasMore: Boolean(next),
    more,
  };
}

export function ShowMore({ paged }: { paged: { hasMore: boolean; more: () => Promise<void> } }) {
  return paged.hasMore ? (
    <button type="button" class="secondary" onClick={() => void paged.more()}>
      Show more
    </button>
  ) : null;
}
