import {
  MarkReadResponse,
  NotificationPreferences,
  NotificationsResponse,
  type MarkReadRequest,
  type UpdateNotificationPreferences,
} from '../../shared/api/notifications.ts';
import { apiRequest } from './http.ts';

/** The notification endpoints, validated with the shared schemas; each throws ApiRequestError on failure. */

export function listNotifications(signal?: AbortSignal): Promise<NotificationsResponse> {
  return apiRequest('/notifications', NotificationsResponse, signal ? { signal } : {});
}

export function markNotificationsRead(request: MarkReadRequest): Promise<MarkReadResponse> {
  return apiRequest('/notifications/read', MarkReadResponse, { method: 'POST', body: request });
}

export function getNotificationPreferences(signal?: AbortSignal): Promise<NotificationPreferences> {
  return apiRequest('/me/notifications', NotificationPreferences, signal ? { signal } : {});
}

export function setNotificationPreferences(request: UpdateNotificationPreferences): Promise<NotificationPreferences> {
  return apiRequest('/me/notifications', NotificationPreferences, { method: 'PATCH', body: request });
}
