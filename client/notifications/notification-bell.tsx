import { ActionIcon, Button, Popover, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Notification } from '../../shared/api/notifications.ts';
import { useSession } from '../auth/session.tsx';
import { LoadErrorAlert } from '../lib/error-alert.tsx';
import { useLiveEvents } from '../live/use-live-events.ts';
import { notificationKeys, useMarkRead, useNotifications } from '../queries/notifications.ts';
import { BellIcon } from './bell-icon.tsx';
import { EmailSwitch } from './email-switch.tsx';
import { NotificationList } from './notification-list.tsx';
import './notifications.css';

/**
 * The header's bell for a signed-in person: the unread count, kept current by live signals
 * (a `notifications` signal, or the stream opening, refetches), and a menu listing the
 * notifications (choosing one marks it read and opens its statement), "Mark all read" and the
 * e-mail switch. `?notifications=open` in the address (the link in every e-mail) opens it.
 * A notification that arrives while the page is open is also said to screen readers (a polite status).
 * Contract for tests: the button's name is "Notifications" or "Notifications, N unread".
 */
export function NotificationBell() {
  const session = useSession();
  if (!session.me) return null;
  // A new person signing in on this tab starts from nothing.
  return <Bell key={session.me.user.id} />;
}

function Bell() {
  const [opened, setOpened] = useState(false);
  const [searchParams, setSearchParams] = useSearchParams();
  const client = useQueryClient();
  const list = useNotifications(true);
  const markRead = useMarkRead();
  const refetch = useCallback(() => void client.invalidateQueries({ queryKey: notificationKeys.list }), [client]);
  useLiveEvents(['notifications'], refetch, { onOpen: refetch });

  useEffect(() => {
    if (searchParams.get('notifications') !== 'open') return;
    setOpened(true);
    const rest = new URLSearchParams(searchParams);
    rest.delete('notifications');
    setSearchParams(rest, { replace: true });
  }, [searchParams, setSearchParams]);

  const announcement = useArrivalAnnouncement(list.data?.notifications);
  const unread = list.data?.unread ?? 0;
  const label = unread === 0 ? 'Notifications' : `Notifications, ${unread} unread`;

  function choose(notification: Notification) {
    if (notification.readAt === null) markRead.mutate({ ids: [notification.id] });
    setOpened(false);
  }

  return (
    <>
      <span className="visually-hidden" role="status" data-testid="notification-announcement">
        {announcement}
      </span>
      <Popover opened={opened} onChange={setOpened} position="bottom-end" width="min(24rem, calc(100vw - 1rem))" shadow="md" trapFocus returnFocus>
        <Popover.Target>
          <ActionIcon variant="subtle" color="gray" size="lg" className="notification-bell" aria-label={label} onClick={() => setOpened((o) => !o)}>
            <BellIcon />
            {unread > 0 && (
              <span className="notification-bell__count" aria-hidden="true" data-testid="unread-count">
                {unread > 99 ? '99+' : unread}
              </span>
            )}
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p={0} aria-label="Notifications">
          <div className="notification-menu__header">
            <Text fw={700} size="sm" component="h2">
              Notifications
            </Text>
            <Button size="compact-sm" variant="subtle" disabled={unread === 0} onClick={() => markRead.mutate({ all: true })}>
              Mark all read
            </Button>
          </div>
          {list.isError ? (
            <div className="notification-menu__empty">
              <LoadErrorAlert error={list.error} onRetry={refetch} lead="Could not load notifications." />
            </div>
          ) : list.isPending ? (
            <p className="notification-menu__empty">Loading…</p>
          ) : (
            <NotificationList notifications={list.data.notifications} onChoose={choose} />
          )}
          <div className="notification-menu__footer">
            <EmailSwitch />
          </div>
        </Popover.Dropdown>
      </Popover>
    </>
  );
}

/** "New notification: …" when unread notifications newer than any seen before arrive (none for the first load). */
function useArrivalAnnouncement(notifications: Notification[] | undefined): string {
  const [announcement, setAnnouncement] = useState('');
  const newestSeen = useRef<number | null>(null);
  useEffect(() => {
    if (!notifications) return;
    const newest = notifications[0]?.id ?? 0;
    const seen = newestSeen.current;
    if (seen !== null && newest > seen) {
      const fresh = notifications.filter((n) => n.id > seen && n.readAt === null);
      if (fresh.length === 1) setAnnouncement(`New notification: ${fresh[0]!.text}`);
      else if (fresh.length > 1) setAnnouncement(`${fresh.length} new notifications`);
    }
    newestSeen.current = Math.max(seen ?? 0, newest);
  }, [notifications]);
  return announcement;
}
