import { Switch } from '@mantine/core';
import { notifications as toasts } from '@mantine/notifications';
import { errorMessage } from '../api/http.ts';
import { useNotificationPreferences, useSetEmailNotifications } from '../queries/notifications.ts';

/** The person's e-mail switch: notifications by e-mail too, or in-app only. Disabled (and says why) when the server sends no e-mail. */
export function EmailSwitch() {
  const preferences = useNotificationPreferences(true);
  const setEmail = useSetEmailNotifications();
  const available = preferences.data?.emailAvailable ?? false;
  const checked = setEmail.isPending ? setEmail.variables : (preferences.data?.email ?? false);
  return (
    <Switch
      label="E-mail me about these"
      description={
        preferences.isPending ? 'Loading…' : available ? 'In-app notifications always arrive.' : 'This server sends no e-mail: notifications arrive here only.'
      }
      checked={available && checked}
      disabled={!available || setEmail.isPending}
      onChange={(event) =>
        setEmail.mutate(event.currentTarget.checked, {
          onError: (error) => toasts.show({ color: 'red', title: 'Could not change the e-mail setting', message: errorMessage(error) }),
        })
      }
    />
  );
}
