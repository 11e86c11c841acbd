import { Link } from 'react-router';
import type { Membership } from '../../shared/api/auth.ts';
import { CreateOrgForm } from '../orgs/create-org-form.tsx';
import { ROLE_LABELS } from '../orgs/role-text.ts';

/** "Your organizations": a link to each organization's page with the person's role there, and a way to create another. */
export function YourOrgsCard({ memberships }: { memberships: Membership[] }) {
  const sorted = [...memberships].sort((a, b) => a.orgName.localeCompare(b.orgName));
  return (
    <section className="card your-orgs" aria-labelledby="your-orgs-heading">
      <h2 id="your-orgs-heading">Your organizations</h2>
      <ul className="your-orgs__list">
        {sorted.map((m) => (
          <li key={m.orgId}>
            <Link to={`/orgs/${m.orgId}`}>{m.orgName}</Link> <span className="role-badge">{ROLE_LABELS[m.role]}</span>
          </li>
        ))}
      </ul>
      <details className="your-orgs__new">
        <summary>New organization</summary>
        <CreateOrgForm />
      </details>
    </section>
  );
}
