import { AppShell, Group } from '@mantine/core';
import { Link, Outlet } from 'react-router';
import { NotificationBell } from '../notifications/notification-bell.tsx';
import { AccountMenu } from './account-menu.tsx';

/** The frame around every page: a header with the product name and who is signed in, and the page below it. */
export function AppLayout() {
  return (
    <AppShell header={{ height: 60 }} padding={{ base: 'sm', sm: 'xl' }}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppShell.Header className="app-header" component="header">
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Link to="/" className="app-header__brand">
            <span className="app-header__logo" aria-hidden="true" />
            Jointly
          </Link>
          <Group gap="xs" wrap="nowrap">
            <NotificationBell />
            <AccountMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main id="main" className="app-main" tabIndex={-1} component="main">
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
