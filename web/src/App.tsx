import { useCallback, useEffect, useState } from 'react';
import { api, ApiProblem, dataOf, onSignedOut, sessionNotice, setCsrfToken } from './api/client';
import type { Session } from './api/types';
import { ApprovalPage } from './pages/ApprovalPage';
import { ApprovalsPage } from './pages/ApprovalsPage';
import { ClaimsPage } from './pages/ClaimsPage';
import { EnrollmentPage } from './pages/EnrollmentPage';
import { PersonPage } from './pages/PersonPage';
import { SignInPage } from './pages/SignInPage';
import { StaffPage } from './pages/StaffPage';
import { homeFor, pagesFor, type PageDef } from './pages';
import { Link, navigate, usePath } from './router';
import { PageHeading, words } from './ui';

type State = { kind: 'loading' } | { kind: 'signedOut'; notice: string | null } | { kind: 'signedIn'; session: Session };

export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const path = usePath();

  const signedIn = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken ?? null);
    setState({ kind: 'signedIn', session });
  }, []);

  useEffect(() => {
    dataOf<Session>(api.GET('/api/v1/session')).then(signedIn, (e) => setState({ kind: 'signedOut', notice: e instanceof ApiProblem && e.problem.session ? sessionNotice(e.problem) : null }));
    return onSignedOut((notice) => {
      setCsrfToken(null);
      setState({ kind: 'signedOut', notice });
    });
  }, [signedIn]);

  if (state.kind === 'loading') return <p role="status">Loading…</p>;
  if (state.kind === 'signedOut') {
    return (
      <SignInPage
        notice={state.notice}
        onSignedIn={(session) => {
          signedIn(session);
          if (path === '/' || path === '/sign-in') navigate(homeFor(session.role), { replace: true });
        }}
      />
    );
  }
  return <SignedIn session={state.session} path={path} onSignedOut={() => setState({ kind: 'signedOut', notice: 'You are signed out.' })} />;
}

function SignedIn({ session, path, onSignedOut }: { session: Session; path: string; onSignedOut: () => void }) {
  const pages = pagesFor(session.role);
  useEffect(() => {
    if (path === '/' || path === '/sign-in') navigate(homeFor(session.role), { replace: true });
  }, [path, session.role]);
  const current = pages.find((p) => path === p.path || path.startsWith(`${p.path}/`));
  const signOut = async () => {
    await dataOf(api.DELETE('/api/v1/session')).catch(() => undefined);
    setCsrfToken(null);
    navigate('/', { replace: true });
    onSignedOut();
  };
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <div className="brand">bhcheck</div>
        <nav aria-label="Pages">
          <ul>
            {pages.map((p) => (
              <li key={p.path}>
                <Link to={p.path} aria-current={current === p ? 'page' : undefined}>
                  {p.link}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <section className="who" aria-label="Signed in">
          <p>
            Signed in as <strong>{session.name}</strong> · {words(session.role)}
          </p>
          <p className="providers">{session.allProviders ? 'All providers' : session.providers.map((p) => p.name).join(', ')}</p>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </section>
      </header>
      <main id="main">{current ? <PageFor page={current} path={path} session={session} /> : <NotOffered path={path} session={session} />}</main>
    </>
  );
}

function PageFor({ page, path, session }: { page: PageDef; path: string; session: Session }) {
  const rest = path.slice(page.path.length + 1);
  switch (page.path) {
    case '/claims':
      return <ClaimsPage session={session} />;
    case '/staff':
      return rest ? <PersonPage key={rest} staffId={rest} session={session} /> : <StaffPage session={session} />;
    case '/approvals':
      return rest ? <ApprovalPage key={rest} approvalId={rest} session={session} /> : <ApprovalsPage session={session} />;
    case '/enrollment':
      return <EnrollmentPage session={session} />;
    default:
      return null;
  }
}

function NotOffered({ path, session }: { path: string; session: Session }) {
  if (path === '/' || path === '/sign-in') return null;
  return (
    <>
      <PageHeading>Not available</PageHeading>
      <p>This page is not offered to a {words(session.role)} key. Use the links above.</p>
    </>
  );
}
