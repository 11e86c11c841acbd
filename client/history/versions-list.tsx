import { exportUrl } from '../api/exports.ts';
import type { Version } from '../api/workflow.ts';
import { HashText, shortHash } from '../lib/content-hash.tsx';
import { formatAbsolute, formatUpdated } from '../lib/format-time.ts';
import { versionReason } from './activity-text.ts';

/**
 * "Versions": the texts kept at sign-offs, lock and publish (one per distinct text, with
 * the reason it was first kept), newest first, each downloadable as Markdown. The version
 * that is the current text is marked.
 *
 * Contract for tests: `<ol data-testid="versions-list">`, each `<li data-hash="<full hash>">`
 * with a link "Download Markdown of version <short hash>".
 */
export function VersionsList({ statementId, versions, currentHash }: { statementId: string; versions: Version[]; currentHash: string }) {
  if (versions.length === 0) {
    return <p className="muted">No versions yet. A version is kept each time an organization signs, and when the text is locked or published.</p>;
  }
  const newestFirst = [...versions].sort((a, b) => b.id - a.id);
  return (
    <ol className="history-list" data-testid="versions-list">
      {newestFirst.map((version) => (
        <li key={version.id} className="history-list__item history-list__item--version" data-hash={version.contentHash}>
          <span className="history-list__what">
            {versionReason(version.reason)} <HashText hash={version.contentHash} />
            {version.contentHash === currentHash && <span className="badge">current text</span>}
          </span>
          <span className="history-list__meta">
            {version.createdBy?.name ?? 'Someone'},{' '}
            <time dateTime={version.createdAt} title={formatAbsolute(version.createdAt)}>
              {formatUpdated(version.createdAt)}
            </time>
            {' · '}
            <a className="history-list__download" href={exportUrl(statementId, 'md', { version: version.contentHash })} download>
              Download Markdown<span className="visually-hidden"> of version {shortHash(version.contentHash)}</span>
            </a>
          </span>
        </li>
      ))}
    </ol>
  );
}
