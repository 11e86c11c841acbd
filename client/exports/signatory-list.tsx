import { Title } from '@mantine/core';
import type { StatementDetail } from '../../shared/api/statements.ts';

/**
 * "Signatories": the list as it will be printed under the statement (in exports and on the
 * public page) — the organizations holding a sign-off of the current text (the published
 * one, once published), in print order as the server gives it.
 *
 * Beside each organization, who signed for it and their title when they gave one
 * ("Green Streets — Alice Example, Executive Director"), as the certificate records it.
 *
 * Contract for tests: `<ol data-testid="signatory-list">`, one `<li>` per organization,
 * the signer in `data-testid="signatory-signer"`; `data-testid="signatory-list-empty"` when
 * nobody has signed the current text.
 */
export function SignatoryList({ statement }: { statement: StatementDetail }) {
  const published = statement.status === 'published';
  const signoffs = new Map(statement.participants.map((p) => [p.orgId, p.signoff]));
  return (
    <section className="signatories" aria-labelledby="signatories-heading">
      <Title order={2} size="h4" id="signatories-heading" mb="xs">
        Signatories
      </Title>
      {statement.signatories.length === 0 ? (
        <p className="muted" data-testid="signatory-list-empty">
          No organization has signed the current text yet. Organizations appear here once they sign it.
        </p>
      ) : (
        <>
          <p className="field-hint">{published ? 'As printed under the published statement:' : 'As it would be printed today:'}</p>
          <ol className="signatories__list" data-testid="signatory-list">
            {statement.signatories.map((org) => {
              const signoff = signoffs.get(org.orgId);
              return (
                <li key={org.orgId} data-org-id={org.orgId}>
                  {org.name}
                  {signoff?.signerTitle && (
                    <span className="muted" data-testid="signatory-signer">
                      {' '}
                      — {signoff.signedBy.name}, {signoff.signerTitle}
                    </span>
                  )}
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}
