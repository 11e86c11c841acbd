import { Link, useRouteError } from 'react-router';

/** Shown for a path no route matches. */
export function NotFoundPage() {
  return (
    <section className="page page--narrow">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <p>
        <Link to="/">Go to all statements</Link>
      </p>
    </section>
  );
}

/** Shown when a page throws while rendering: a way out instead of a blank screen. */
export function RouteErrorPage() {
  const error = useRouteError();
  console.error(error);
  return (
    <main className="app-main">
      <section className="page page--narrow" role="alert">
        <h1>Something went wrong</h1>
        <p>This page ran into a problem. Your edits are kept on this device; reloading usually helps.</p>
        <p className="actions">
          <button type="button" className="button" onClick={() => window.location.reload()}>
            Reload
          </button>
          <Link to="/">All statements</Link>
        </p>
      </section>
    </main>
  );
}
