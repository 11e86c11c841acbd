import { FlashNotice } from '../layout/flash-notice.tsx';
import { CreateOrgForm } from '../orgs/create-org-form.tsx';

/**
 * What a signed-in person without any organization sees instead of an empty list:
 * create their organization, or use the invitation link a colleague sent.
 */
export function FirstRun({ name }: { name: string }) {
  return (
    <section className="page page--narrow first-run" aria-labelledby="first-run-heading">
      <FlashNotice />
      <h1 id="first-run-heading">Welcome to Jointly, {name}</h1>
      <p>
        In Jointly, organizations write statements together. Each statement is led by one organization and shared with its partners, and
        each organization signs off on the exact text.
      </p>
      <div className="card">
        <h2>Set up your organization</h2>
        <p className="muted">You become its admin and can then invite your colleagues and start a statement.</p>
        <CreateOrgForm />
      </div>
      <p className="first-run__invite">
        <strong>Invited by a colleague?</strong> Open the invitation link they sent you to join their organization instead.
      </p>
    </section>
  );
}
