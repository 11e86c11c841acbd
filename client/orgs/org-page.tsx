import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Id } from '../../shared/api/ids.ts';
import type { Member, Org } from '../../shared/api/orgs.ts';
import { roleRank } from '../../shared/roles.ts';
import { errorMessage, hasErrorCode } from '../api/http.ts';
import { getOrg, listMembers, removeMember } from '../api/orgs.ts';
import { useSignedIn } from '../auth/session.tsx';
import { ConfirmAction } from '../lib/confirm-action.tsx';
import { FormError } from '../lib/form-error.tsx';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { useResource } from '../lib/use-resource.ts';
import { flash, FlashNotice } from '../layout/flash-notice.tsx';
import { InviteLinks } from './invite-links.tsx';
import { MemberRow, type MemberChange } from './member-row.tsx';
import { ROLE_DESCRIPTIONS, withArticle } from './role-text.ts';

interface OrgPageData {
  org: Org;
  /** Null when the viewer is not a member (only members may list members). */
  members: Member[] | null;
}

async function loadOrgPage(orgId: string, signal: AbortSignal): Promise<OrgPageData> {
  const [org, members] = await Promise.all([
    getOrg(orgId, signal),
    listMembers(orgId, signal).catch((error: unknown) => {
      if (hasErrorCode(error, 'FORBIDDEN')) return null;
      throw error;
    }),
  ]);
  return { org, members };
}

/** Admins first, then by name. */
function byRoleThenName(a: Member, b: Member): number {
  return roleRank(b.role) - roleRank(a.role) || a.name.localeCompare(b.name);
}

/** `/orgs/:orgId`: the organization's members and roles; admins manage them and create invitation links; anyone can leave. */
export function OrgPage() {
  const { orgId = '' } = useParams();
  if (!Id.safeParse(orgId).success) return <OrgNotFound />;
  return <OrgView key={orgId} orgId={orgId} />;
}

function OrgView({ orgId }: { orgId: string }) {
  const { user, refresh } = useSignedIn();
  const navigate = useNavigate();
  const { resource, reload, replace } = useResource((signal) => loadOrgPage(orgId, signal), [orgId]);
  useDocumentTitle(resource.state === 'ready' ? resource.data.org.name : 'Organization');

  if (resource.state === 'loading') {
    return (
      <p className="page page--narrow muted" role="status">
        Loading organization…
      </p>
    );
  }
  if (resource.state === 'error') {
    if (hasErrorCode(resource.error, 'ORG_NOT_FOUND')) return <OrgNotFound />;
    return (
      <section className="page page--narrow">
        <h1>Organization</h1>
        <div className="notice notice--error" role="alert">
          <p>{errorMessage(resource.error)}</p>
          <button type="button" className="button" onClick={reload}>
            Try again
          </button>
        </div>
      </section>
    );
  }

  const { org, members } = resource.data;
  const me = members?.find((member) => member.userId === user.id);
  if (!members || !me) {
    return (
      <section className="page page--narrow">
        <h1>{org.name}</h1>
        <p>You are not a member of {org.name}. To join, ask one of its admins for an invitation link.</p>
        <p>
          <Link to="/">Go to all statements</Link>
        </p>
      </section>
    );
  }

  const isAdmin = me.role === 'admin';

  function applyChange(change: MemberChange) {
    if (!members) return;
    const next =
      'removed' in change ? members.filter((m) => m.userId !== change.userId) : members.map((m) => (m.userId === change.userId ? { ...m, role: change.role } : m));
    replace({ org, members: next });
    reload();
    if (change.userId === user.id) void refresh();
  }

  async function leave() {
    await removeMember(org.id, user.id);
    await refresh();
    void navigate('/', { state: flash(`You left ${org.name}.`) });
  }

  return (
    <div className="page page--narrow org-page">
      <FlashNotice />
      <p className="org-page__back">
        <Link to="/" className="back-link">
          ← All statements
        </Link>
      </p>
      <h1>{org.name}</h1>
      <p className="muted">
        You are {withArticle(me.role)} of this organization: you can {ROLE_DESCRIPTIONS[me.role]}.
      </p>

      <section className="org-page__section" aria-labelledby="members-heading">
        <h2 id="members-heading">
          Members <span className="count">({members.length})</span>
        </h2>
        <ul className="member-list">
          {[...members].sort(byRoleThenName).map((member) => (
            <MemberRow key={member.userId} org={org} member={member} isSelf={member.userId === user.id} canManage={isAdmin} onChanged={applyChange} />
          ))}
        </ul>
        {!isAdmin && <p className="muted field-hint">Only admins of {org.name} can change roles or invite people.</p>}
      </section>

      {isAdmin && <InviteLinks org={org} />}

      <LeaveOrg org={org} onLeave={leave} />
    </div>
  );
}

function LeaveOrg({ org, onLeave }: { org: Org; onLeave: () => Promise<void> }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="org-page__section org-page__leave" aria-labelledby="leave-heading">
      <h2 id="leave-heading">Leave {org.name}</h2>
      <p>You will no longer see the statements {org.name} takes part in, unless another of your organizations takes part too.</p>
      <ConfirmAction
        label="Leave organization"
        question={`Leave ${org.name}?`}
        confirmLabel="Yes, leave"
        onConfirm={async () => {
          setError(null);
          try {
            await onLeave();
          } catch (caught) {
            setError(errorMessage(caught));
          }
        }}
      />
      {error && <FormError id="leave-error">{error}</FormError>}
    </section>
  );
}

function OrgNotFound() {
  useDocumentTitle('Organization not found');
  return (
    <section className="page page--narrow">
      <h1>Organization not found</h1>
      <p>This organization does not exist.</p>
      <p>
        <Link to="/">Go to all statements</Link>
      </p>
    </section>
  );
}
