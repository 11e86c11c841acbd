import { Badge, Button, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { errorMessage } from '../api/http.ts';
import { withNext } from '../auth/next-path.ts';
import { useSession } from '../auth/session.tsx';
import { initials } from '../lib/initials.ts';

/** Pages that are themselves about logging in: the header offers no "Log in" there. */
const AUTH_PAGES = /^\/(login|signup|forgot-password|reset-password\/[^/]*)$/;

/**
 * The header's right side: the signed-in person (a menu with their organizations,
 * "Account settings" and "Log out"), or "Log in" / "Sign up" for visitors. After logging
 * out, pages that need a session go to the login page (RequireSession); public pages stay.
 * Contract for tests: `data-testid="signed-in-as"` holds the name; "Log out" is a menu item.
 */
export function AccountMenu() {
  const session = useSession();
  const location = useLocation();
  const [busy, setBusy] = useState(false);

  if (session.status === 'loading') return null;

  if (!session.me) {
    const onAuthPage = AUTH_PAGES.test(location.pathname);
    if (onAuthPage) return null;
    const here = location.pathname + location.search;
    return (
      <Group gap="xs" component="nav" aria-label="Account">
        <Button component={Link} to={withNext('/login', here)} variant="subtle" size="sm">
          Log in
        </Button>
        <Button component={Link} to={withNext('/signup', here)} size="sm">
          Sign up
        </Button>
      </Group>
    );
  }

  async function onLogout() {
    setBusy(true);
    try {
      await session.logout();
    } catch (caught) {
      notifications.show({ color: 'red', title: 'Could not log out', message: errorMessage(caught) });
    } finally {
      setBusy(false);
    }
  }

  const { user, memberships } = session.me;
  return (
    <Group gap="sm" wrap="nowrap">
      {session.offline && (
        <Badge color="orange" variant="outline" title="The server cannot be reached; you are working on this device's copy.">
          Offline
        </Badge>
      )}
      <Menu position="bottom-end" width={240}>
        <Menu.Target>
          <UnstyledButton className="account-menu__target">
            <Group gap={8} wrap="nowrap">
              <span aria-hidden="true" className="account-menu__avatar initials" data-initials={initials(user.name)} />
              <Text size="sm" fw={600} visibleFrom="xs" data-testid="signed-in-as">
                {user.name}
              </Text>
              <Text span hiddenFrom="xs" className="visually-hidden">
                {user.name}
              </Text>
              <span className="visually-hidden">, account menu</span>
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Your organizations</Menu.Label>
          {memberships.map((m) => (
            <Menu.Item key={m.orgId} component={Link} to={`/orgs/${m.orgId}`}>
              {m.orgName}
            </Menu.Item>
          ))}
          {memberships.length === 0 && <Menu.Item disabled>None yet</Menu.Item>}
          <Menu.Divider />
          <Menu.Item component={Link} to="/account">
            Account settings
          </Menu.Item>
          <Menu.Item onClick={() => void onLogout()} disabled={busy} color="red">
            {busy ? 'Logging out…' : 'Log out'}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
