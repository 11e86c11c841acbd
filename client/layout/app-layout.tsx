import { Link, Outlet } from 'react-router';
import { AccountMenu } from './account-menu.tsx';

/** The frame around every page: a header with the product name and who is signed in, and the page below it. */
export function AppLayout() {
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link to="/" className="app-header__brand">
          Jointly
        </Link>
        <AccountMenu />
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
