import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MarkReadRequest, NotificationsResponse } from '../../shared/api/notifications.ts';
import { getNotificationPreferences, listNotifications, markNotificationsRead, setNotificationPreferences } from '../api/notifications.ts';

export const notificationKeys = {
  list: ['notifications'] as const,
  preferences: ['notification-preferences'] as const,
};

/** The signed-in person's newest notifications and unread count; kept current by live signals (see NotificationBell). */
export function useNotifications(enabled: boolean) {
  return useQuery({ queryKey: notificationKeys.list, queryFn: ({ signal }) => listNotifications(signal), enabled, refetchOnWindowFocus: 'always' });
}

/** Marks notifications read, showing them read at once (the server's answer, or a refetch after a failure, settles it). */
export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: MarkReadRequest) => markNotificationsRead(request),
    onMutate: (request) => {
      const now = new Date().toISOString();
      client.setQueryData<NotificationsResponse>(notificationKeys.list, (data) => {
        if (!data) return data;
        const isMarked = (id: number) => 'all' in request || request.ids.includes(id);
        const notifications = data.notifications.map((n) => (n.readAt === null && isMarked(n.id) ? { ...n, readAt: now } : n));
        const newlyRead = data.notifications.filter((n, i) => n.readAt === null && notifications[i]!.readAt !== null).length;
        return { notifications, unread: 'all' in request ? 0 : Math.max(0, data.unread - newlyRead) };
      });
    },
    onSettled: () => client.invalidateQueries({ queryKey: notificationKeys.list }),
  });
}

export function useNotificationPreferences(enabled: boolean) {
  return useQuery({ queryKey: notificationKeys.preferences, queryFn: ({ signal }) => getNotificationPreferences(signal), enabled });
}

export function useSetEmailNotifications() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (email: boolean) => setNotificationPreferences({ email }),
    onSuccess: (preferences) => client.setQueryData(notificationKeys.preferences, preferences),
  });
}
