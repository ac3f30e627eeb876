import { useState, type FormEvent } from 'react';
import { api, dataOf } from '../api/client';
import type { Problem, Session } from '../api/types';
import { PageHeading, problemOf } from '../ui';

/** The key is sent once to be exchanged for the session cookie, then forgotten (never stored). */
export function SignInPage({ notice, onSignedIn }: { notice: string | null; onSignedIn: (s: Session) => void }) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const apiKey = (form.elements.namedItem('apiKey') as HTMLInputElement).value.trim();
    setBusy(true);
    setProblem(null);
    try {
      const session = await dataOf<Session>(api.POST('/api/v1/session', { body: { apiKey } }));
      form.reset();
      onSignedIn(session);
    } catch (err) {
      setProblem(problemOf(err));
      setBusy(false);
    }
  };
  return (
    <main id="main" className="sign-in">
      <PageHeading>Sign in to bhcheck</PageHeading>
      <p>Pre-billing checks of Illinois Medicaid community mental health claims, staff credentials and Table N program approvals, against 89 Ill. Adm. Code Part 140.</p>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="apiKey">API key</label>
          <input id="apiKey" name="apiKey" type="password" autoComplete="off" spellCheck={false} required aria-describedby="apiKey-hint" />
          <small id="apiKey-hint" className="hint">
            Your administrator gives you a key. It is exchanged for a session that ends after a working day or when you sign out; the page does not keep it.
          </small>
        </div>
        {problem && (
          <p className="problem" role="alert">
            {problem.status === 401 ? 'That API key is not valid or has been revoked.' : problem.detail}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
