import { lazy, Suspense } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { RequireSession } from './auth/require-session.tsx';
import { SessionProvider } from './auth/session.tsx';
import { AppLayout } from './layout/app-layout.tsx';
import { NotFoundPage, RouteErrorPage } from './layout/error-pages.tsx';
import { StatementListPage } from './statements/statement-list-page.tsx';

// The editor (Tiptap, Yjs, Hocuspocus) is most of the client's weight; the list page loads without it.
const StatementPage = lazy(async () => ({ default: (await import('./editor/statement-page.tsx')).StatementPage }));

function StatementRoute() {
  return (
    <Suspense fallback={<p className="muted page">Opening statement…</p>}>
      <StatementPage />
    </Suspense>
  );
}

/**
 * Routes. Pages that will need a signed-in person sit under `RequireSession`, the one
 * place a login requirement plugs in; public pages (login, signup, the published
 * statement) go beside it, under the layout only.
 */
const router = createBrowserRouter([
  {
    element: <AppLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      {
        element: <RequireSession />,
        children: [
          { path: '/', element: <StatementListPage /> },
          { path: '/statements/:id', element: <StatementRoute /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return (
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}
