import { Alert, Button, Center, Loader, Title } from '@mantine/core';
import { Navigate, Outlet, useLocation } from 'react-router';
import { withNext } from './next-path.ts';
import { useSession } from './session.tsx';

/**
 * Route guard for every page that needs a signed-in person, and the only one: pages under
 * it may call `useSignedIn()`. Signed-out visitors go to `/login?next=<this page>` and come
 * back after logging in (or signing up from there); after "Log out" it is plain `/login`,
 * so whoever logs in next does not land on the previous person's page.
 */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();

  if (session.status === 'loading') {
    return (
      <Center py="xl" role="status" aria-label="Loading">
        <Loader />
      </Center>
    );
  }
  if (session.status === 'signed-out') {
    const next = session.loggedOut ? '/' : location.pathname + location.search + location.hash;
    return <Navigate to={withNext('/login', next)} replace />;
  }
  if (session.status === 'unreachable') {
    return (
      <section className="page page--narrow">
        <Title order={1} mb="md">
          Jointly cannot be reached
        </Title>
        <Alert color="red" role="alert">
          Could not reach the server to check who you are. Check your connection and try again.
          <Button display="block" mt="sm" variant="default" onClick={() => void session.refresh()}>
            Try again
          </Button>
        </Alert>
      </section>
    );
  }
  return <Outlet />;
}
