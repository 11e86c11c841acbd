import { Alert } from '@mantine/core';
import { useLocation } from 'react-router';

/**
 * A one-time confirmation carried to the next page in the navigation state, e.g.
 * `navigate('/', { state: flash('You joined Housing Now as an editor.') })`. It belongs to
 * that history entry: shown on the page navigated to, gone once the person moves on.
 */
export interface FlashState {
  flash: string;
}

export function flash(message: string): FlashState {
  return { flash: message };
}

/** Renders the current page's flash message, if any, as a polite status. Pages place it at the top of their column. */
export function FlashNotice() {
  const state = useLocation().state as Partial<FlashState> | null;
  if (typeof state?.flash !== 'string') return null;
  return (
    <Alert color="teal" variant="light" role="status" mb="md" className="flash">
      {state.flash}
    </Alert>
  );
}
