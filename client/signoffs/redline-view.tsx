import type { DiffBlock, DiffPart } from '../../shared/api/workflow.ts';
import './redline.css';

/**
 * A word-level redline, block by block (shared/redline.ts computes it on the server).
 * Inserted words are `<ins>`, deleted words `<del>`: underlined and struck through as well
 * as coloured, and announced by screen readers ("inserted:", "deleted:", from CSS
 * generated content, so `textContent` stays the plain text). Runs of unchanged blocks
 * are dimmed and folded into a `<details>` ("Unchanged · 3 blocks"); changed, added and
 * removed blocks are marked in the margin and with hidden text.
 *
 * Contract for tests: `data-testid="redline"`; each block has `data-change` (same |
 * changed | added | removed) and `data-kind` (title, paragraph, heading 2, codeBlock, …).
 */
export function RedlineView({ blocks }: { blocks: DiffBlock[] }) {
  return (
    <div className="redline" data-testid="redline">
      {groupUnchanged(blocks).map((group, index) =>
        group.same ? <UnchangedRun key={index} blocks={group.blocks} /> : <BlockView key={index} block={group.blocks[0]!} />,
      )}
    </div>
  );
}

/** The legend: what `<ins>`, `<del>` and dimmed text mean. */
export function RedlineLegend() {
  return (
    <ul className="redline-legend" aria-label="How changes are shown">
      <li>
        <ins className="redline-legend__sample">inserted words</ins> are underlined
      </li>
      <li>
        <del className="redline-legend__sample">deleted words</del> are struck through
      </li>
      <li>
        <span className="redline-legend__same">unchanged text</span> is dimmed and folded
      </li>
    </ul>
  );
}

interface Group {
  same: boolean;
  blocks: DiffBlock[];
}

/** Consecutive unchanged blocks become one group; every other block is a group of its own. */
function groupUnchanged(blocks: DiffBlock[]): Group[] {
  const groups: Group[] = [];
  for (const block of blocks) {
    const last = groups.at(-1);
    if (block.change === 'same' && last?.same) last.blocks.push(block);
    else groups.push({ same: block.change === 'same', blocks: [block] });
  }
  return groups;
}

function UnchangedRun({ blocks }: { blocks: DiffBlock[] }) {
  const preview = blocks.map((b) => plainText(b)).find((text) => text.trim() !== '') ?? '';
  return (
    <details className="redline__unchanged">
      <summary>
        Unchanged · {blocks.length} {blocks.length === 1 ? 'block' : 'blocks'}
        {preview && <span className="redline__preview"> — “{truncate(preview, 60)}”</span>}
      </summary>
      {blocks.map((block, index) => (
        <BlockView key={index} block={block} />
      ))}
    </details>
  );
}

const CHANGE_LABELS: Record<DiffBlock['change'], string> = {
  same: '',
  changed: 'Changed',
  added: 'Added',
  removed: 'Removed',
};

const MARKS: Record<DiffBlock['change'], string> = { same: '', changed: '~', added: '+', removed: '−' };

function BlockView({ block }: { block: DiffBlock }) {
  const className = `redline__block redline__block--${block.change} redline__block--${block.kind.split(' ')[0]}`;
  const label = CHANGE_LABELS[block.change];
  if (block.kind === 'horizontalRule') {
    return (
      <div className={className} data-change={block.change} data-kind={block.kind}>
        {label && <span className="visually-hidden">{label}: </span>}
        <hr />
      </div>
    );
  }
  return (
    <div className={className} data-change={block.change} data-kind={block.kind}>
      {MARKS[block.change] && (
        <span className="redline__mark" aria-hidden="true">
          {MARKS[block.change]}
        </span>
      )}
      {label && (
        <span className="visually-hidden">
          {label} {kindName(block.kind)}:{' '}
        </span>
      )}
      <span className="redline__text">
        {block.parts.map((part, index) => (
          <PartView key={index} part={part} />
        ))}
      </span>
    </div>
  );
}

function PartView({ part }: { part: DiffPart }) {
  if (part.change === 'added') return <ins>{part.text}</ins>;
  if (part.change === 'removed') return <del>{part.text}</del>;
  return <>{part.text}</>;
}

function kindName(kind: string): string {
  if (kind === 'title') return 'title';
  if (kind.startsWith('heading')) return 'heading';
  if (kind === 'codeBlock') return 'code block';
  return 'paragraph';
}

function plainText(block: DiffBlock): string {
  return block.parts.map((part) => part.text).join('');
}

function truncate(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
