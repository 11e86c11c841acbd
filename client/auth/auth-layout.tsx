import type { ReactNode } from 'react';

/** The narrow card that the login and signup pages sit in, with the page's one heading. */
export function AuthLayout({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <section className="page auth-page" aria-labelledby="auth-heading">
      <div className="card auth-card">
        <h1 id="auth-heading">{title}</h1>
        {intro}
        {children}
      </div>
    </section>
  );
}

/** Shown above the form when the person arrived from an invitation link. */
export function InviteContext({ next }: { next: string }) {
  if (!next.startsWith('/invites/')) return null;
  return (
    <p className="notice notice--info" role="note">
      You were invited to join an organization. Log in or create an account, and you will come back to the invitation.
    </p>
  );
}
