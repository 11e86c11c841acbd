import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { AccountPage } from './account/account-page.tsx';
import { ForgotPasswordPage } from './account/forgot-password-page.tsx';
import { ResetPasswordPage } from './account/reset-password-page.tsx';
import { LoginPage } from './auth/login-page.tsx';
import { RequireSession } from './auth/require-session.tsx';
import { SignupPage } from './auth/signup-page.tsx';
import { InvitePage } from './invites/invite-page.tsx';
import { StatementInvitePage } from './invites/statement-invite-page.tsx';
import { AppLayout } from './layout/app-layout.tsx';
import { NotFoundPage, RouteErrorPage } from './layout/error-pages.tsx';
import { OrgPage } from './orgs/org-page.tsx';
import { Providers } from './providers.tsx';
import { StatementListPage } from './statements/statement-list-page.tsx';

// The editor (Tiptap, Yjs, Hocuspocus) is most of the client's weight; the other pages load without it.
const StatementPage = lazy(async () => ({ default: (await import('./editor/statement-page.tsx')).StatementPage }));

function RouteLoading({ label }: { label: string }) {
  return (
    <Center py="xl" role="status" aria-label={label}>
      <Loader />
    </Center>
  );
}

function StatementRoute() {
  return (
    <Suspense fallback={<RouteLoading label="Opening statement" />}>
      <StatementPage />
    </Suspense>
  );
}

/**
 * Routes. Pages that need a signed-in person sit under `RequireSession`, the one login
 * guard (it sends visitors to /login?next=…); public pages (login, signup, invitations)
 * go beside it, under the layout only.
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
          { path: '/orgs/:orgId', element: <OrgPage /> },
          { path: '/account', element: <AccountPage /> },
        ],
      },
      { path: '/login', element: <LoginPage /> },
      { path: '/signup', element: <SignupPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password/:token', element: <ResetPasswordPage /> },
      { path: '/invites/:token', element: <InvitePage /> },
      { path: '/statement-invites/:token', element: <StatementInvitePage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return (
    <Providers>
      <RouterProvider router={router} />
    </Providers>
  );
}
