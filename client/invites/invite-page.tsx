import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { InviteParams, type InvitePreviewResponse } from '../../shared/api/orgs.ts';
import { ApiRequestError, clientError, errorMessage, hasErrorCode } from '../api/http.ts';
import { acceptInvite, previewInvite } from '../api/orgs.ts';
import { withNext } from '../auth/next-path.ts';
import { useSession } from '../auth/session.tsx';
import { flash } from '../layout/flash-notice.tsx';
import { formatAbsolute } from '../lib/format-time.ts';
import { FormError } from '../lib/form-error.tsx';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { useResource } from '../lib/use-resource.ts';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, withArticle } from '../orgs/role-text.ts';

/**
 * `/invites/:token`, public: "Join <org> as <role>" with the link's expiry. Visitors are
 * sent to log in or sign up and come back here; signed-in people press "Join <org>".
 * INVITE_INVALID / INVITE_EXPIRED / INVITE_USED are shown as the page's message.
 */
export function InvitePage() {
  const { token = '' } = useParams();
  const valid = InviteParams.safeParse({ token }).success;
  const { resource, reload } = useResource(
    (signal) => (valid ? previewInvite(token, signal) : Promise.reject(clientError('INVITE_INVALID', 404))),
    [token],
  );
  useDocumentTitle(resource.state === 'ready' ? `Join ${resource.data.org.name}` : 'Invitation');

  if (resource.state === 'loading') {
    return (
      <p className="page page--narrow muted" role="status">
        Opening invitation…
      </p>
    );
  }
  if (resource.state === 'error') {
    const inviteProblem = hasErrorCode(resource.error, 'INVITE_INVALID', 'INVITE_EXPIRED', 'INVITE_USED');
    return (
      <section className="page page--narrow invite-page">
        <h1>{inviteProblem ? 'This invitation cannot be used' : 'Invitation'}</h1>
        <div className="notice notice--error" role="alert" data-error-code={resource.error instanceof ApiRequestError ? resource.error.code : undefined}>
          <p>{errorMessage(resource.error)}</p>
          {!inviteProblem && (
            <button type="button" className="button" onClick={reload}>
              Try again
            </button>
          )}
        </div>
        {inviteProblem && <p>Ask an admin of the organization to create a new invitation link for you.</p>}
        <p>
          <Link to="/">Go to Jointly</Link>
        </p>
      </section>
    );
  }
  return <InviteOffer token={token} invite={resource.data} />;
}

function InviteOffer({ token, invite }: { token: string; invite: InvitePreviewResponse }) {
  const session = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [joining, setJoining] = useState(false);
  const { org, role } = invite;
  const here = `/invites/${token}`;
  const current = session.me?.memberships.find((m) => m.orgId === org.id);

  async function join() {
    setJoining(true);
    setError(null);
    try {
      const joined = await acceptInvite(token);
      await session.refresh();
      void navigate('/', { state: flash(`You joined ${joined.org.name} as ${withArticle(joined.role)}.`) });
    } catch (caught) {
      setError(errorMessage(caught));
      setJoining(false);
    }
  }

  return (
    <section className="page page--narrow invite-page" aria-labelledby="invite-heading">
      <div className="card">
        <h1 id="invite-heading">
          Join {org.name} as {withArticle(role)}
        </h1>
        <p>
          You are invited to co-write statements with {org.name} on Jointly. As {withArticle(role)} you can{' '}
          {ROLE_DESCRIPTIONS[role]}.
        </p>
        <p className="muted">
          This invitation expires on <time dateTime={invite.expiresAt}>{formatAbsolute(invite.expiresAt)}</time> and works once.
        </p>

        {session.status === 'loading' ? null : session.me ? (
          <>
            {current && (
              <p className="notice notice--info" role="note">
                You are already {withArticle(current.role)} of {org.name}. Joining keeps the stronger of the two roles.
              </p>
            )}
            {error && <FormError id="invite-error">{error}</FormError>}
            <p className="actions">
              <button type="button" className="button button--primary" disabled={joining} onClick={() => void join()}>
                {joining ? 'Joining…' : `Join ${org.name}`}
              </button>
              <span className="muted">
                as {session.me.user.name} ({ROLE_LABELS[role].toLowerCase()})
              </span>
            </p>
          </>
        ) : (
          <>
            <p>To accept, create a Jointly account or log in. You will come back to this invitation.</p>
            <p className="actions">
              <Link to={withNext('/signup', here)} className="button button--primary">
                Create an account
              </Link>
              <Link to={withNext('/login', here)} className="button">
                Log in
              </Link>
            </p>
          </>
        )}
      </div>
    </section>
  );
}
