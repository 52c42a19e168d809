import { useState } from 'preact/hooks';
import { api, login, logout, register } from '../api';
import { markRead, useLive } from '../live';
import { navigate } from '../router';
import { ErrorNote, Field, fieldBinder, Loading, useAsync } from '../ui';

function nextFrom(url: URL): string {
  const next = url.searchParams.get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage({ url, mode }: { url: URL; mode: 'login' | 'register' }) {
  const [form, setForm] = useState({ name: '', email: '', password: '' });
  const [error, setError] = useState<unknown>(null);
  const bind = fieldBinder(form, setForm, error);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === 'register') await register(form.name, form.email, form.password);
      else await login(form.email, form.password);
      navigate(nextFrom(url), true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const other = mode === 'login' ? 'register' : 'login';
  return (
    <section class="narrow">
      <h1>{mode === 'login' ? 'Log in' : 'Create an account'}</h1>
      <form onSubmit={submit}>
        {mode === 'register' ? (
          <Field label="Name" {...bind('name')} required autocomplete="name" maxLength={100} />
        ) : null}
        <Field label="Email" type="email" {...bind('email')} required autocomplete="email" />
        <Field
          label="Password"
          type="password"
          {...bind('password')}
          required
          minLength={mode === 'register' ? 8 : undefined}
          maxLength={128}
          autocomplete={mode === 'register' ? 'new-password' : 'current-password'}
          hint={mode === 'register' ? '8 to 128 characters' : undefined}
        />
        <ErrorNote error={error} />
        <button type="submit" disabled={busy}>
          {mode === 'login' ? 'Log in' : 'Create account'}
        </button>
      </form>
      <p>
        {mode === 'login' ? 'New here? ' : 'Have an account? '}
        <a href={`/${other}${url.search}`}>{mode === 'login' ? 'Create an account' : 'Log in'}</a>
      </p>
    </section>
  );
}

interface Preferences {
  email: boolean;
  inApp: boolean;
}

export function AccountPage() {
  const me = useAsync(() => api<{ id: string; email: string; name: string; roles: string[] }>('/users/me'), []);
  const prefs = useAsync(() => api<Preferences>('/notifications/preferences'), []);
  const [prefError, setPrefError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const savePrefs = async (next: Preferences) => {
    setPrefError(null);
    setSaved(false);
    try {
      await api('/notifications/preferences', { method: 'PUT', body: next });
      prefs.reload();
      setSaved(true);
    } catch (error) {
      setPrefError(error);
    }
  };
  const current = prefs.data;
  return (
    <section class="narrow">
      <h1>Your account</h1>
      <ErrorNote error={me.error} />
      {me.data ? (
        <p>
          {me.data.name} · {me.data.email}
        </p>
      ) : (
        <Loading />
      )}
      <h2>Notifications</h2>
      {current ? (
        <fieldset>
          <legend>Tell me about my orders by</legend>
          {(['email', 'inApp'] as const).map((k) => (
            <label key={k} class="choice">
              <input
                type="checkbox"
                checked={current[k]}
                onChange={(e) => void savePrefs({ ...current, [k]: (e.target as HTMLInputElement).checked })}
              />
              <span>{k === 'email' ? 'Email' : 'In the app'}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      {saved ? <p role="status">Preferences saved.</p> : null}
      <ErrorNote error={prefError ?? prefs.error} />
      <p>
        <a href="/orders">Your orders</a>
      </p>
      <button
        type="button"
        class="secondary"
        onClick={() => {
          void logout().then(() => navigate('/'));
        }}
      >
        Log out
      </button>
    </section>
  );
}

export function NotificationsPage() {
  const live = useLive();
  const [error, setError] = useState<unknown>(null);
  return (
    <section class="narrow">
      <h1>Notifications</h1>
      <ErrorNote error={error} />
      {live.items.length === 0 ? <p>Nothing yet.</p> : null}
      <ul class="lines" data-testid="notification-list">
        {live.items.map((n) => (
          <li key={n.id} class={n.read ? 'read' : 'unread'}>
            <span>
              <strong>{n.title}</strong>
              <br />
              {n.body} {n.order ? <a href={`/orders/${n.order.orderId}`}>View order</a> : null}
            </span>
            {!n.read ? (
              <button type="button" class="link" onClick={() => markRead(n.id).catch(setError)}>
                Mark read
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
