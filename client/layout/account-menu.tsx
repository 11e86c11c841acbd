import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { errorMessage } from '../api/http.ts';
import { withNext } from '../auth/next-path.ts';
import { useSession } from '../auth/session.tsx';

/**
 * The header's right side: the signed-in person's name and a "Log out" button, or
 * "Log in" / "Sign up" links for visitors. After logging out, pages that need a session
 * go to the login page (RequireSession); public pages stay.
 */
export function AccountMenu() {
  const session = useSession();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (session.status === 'loading') return null;

  if (!session.me) {
    const onAuthPage = location.pathname === '/login' || location.pathname === '/signup';
    if (onAuthPage) return null;
    const here = location.pathname + location.search;
    return (
      <nav className="account-menu" aria-label="Account">
        <Link to={withNext('/login', here)}>Log in</Link>
        <Link to={withNext('/signup', here)} className="button button--small">
          Sign up
        </Link>
      </nav>
    );
  }

  async function onLogout() {
    setBusy(true);
    setError(null);
    try {
      await session.logout();
    } catch (caught) {
      setError(`Could not log out: ${errorMessage(caught)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="account-menu">
      {session.offline && (
        <span className="account-menu__offline" title="The server cannot be reached; you are working on this device's copy.">
          Offline
        </span>
      )}
      <span className="account-menu__name" data-testid="signed-in-as">
        <span className="visually-hidden">Signed in as </span>
        {session.me.user.name}
      </span>
      <button type="button" className="button button--small" onClick={() => void onLogout()} disabled={busy}>
        {busy ? 'Logging out…' : 'Log out'}
      </button>
      {error && (
        <p className="account-menu__error form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
