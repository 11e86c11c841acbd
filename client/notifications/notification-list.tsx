import { UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import type { Notification } from '../../shared/api/notifications.ts';
import { formatAbsolute, formatUpdated } from '../lib/format-time.ts';

/**
 * The notifications as a list, newest first. Each one about a statement is a link to it;
 * choosing one calls `onChoose` (which marks it read and closes the menu).
 */
export function NotificationList({ notifications, onChoose }: { notifications: Notification[]; onChoose: (notification: Notification) => void }) {
  if (notifications.length === 0) {
    return <p className="notification-menu__empty">Nothing yet. You will hear here when a partner signs, when a text waits for your sign-off, and more.</p>;
  }
  return (
    <ul className="notification-menu__list" aria-label="Latest notifications">
      {notifications.map((notification) => {
        const unread = notification.readAt === null;
        const content = (
          <>
            <span className="notification-item__dot" aria-hidden="true" />
            <span className="notification-item__text">
              {notification.text}
              {unread && <span className="visually-hidden"> (unread)</span>}
            </span>
            <time className="notification-item__time" dateTime={notification.createdAt} title={formatAbsolute(notification.createdAt)}>
              {formatUpdated(notification.createdAt)}
            </time>
          </>
        );
        return (
          <li key={notification.id}>
            {notification.statementId ? (
              <Link
                className="notification-item"
                data-unread={unread}
                data-testid="notification-item"
                to={`/statements/${encodeURIComponent(notification.statementId)}`}
                onClick={() => onChoose(notification)}
              >
                {content}
              </Link>
            ) : (
              <UnstyledButton className="notification-item" data-unread={unread} data-testid="notification-item" onClick={() => onChoose(notification)}>
                {content}
              </UnstyledButton>
            )}
          </li>
        );
      })}
    </ul>
  );
}
