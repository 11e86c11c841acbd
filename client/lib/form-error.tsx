import type { ReactNode } from 'react';

/**
 * A form's error, announced when it appears (role="alert"). Give the form
 * `aria-describedby={id}` while it is shown so the message is tied to the form.
 */
export function FormError({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="form-error" role="alert">
      {children}
    </p>
  );
}
