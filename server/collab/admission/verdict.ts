import { CloseCodes } from '../../../shared/close-codes.ts';
import { CollabRefusal } from '../refusal.ts';

/** Why admission refused an update: a stable token for logs and tests, and words for people. */
export type RefusalRule =
  | 'too-many-bytes'
  | 'too-many-structs'
  | 'too-many-delete-ranges'
  | 'document-too-large'
  | 'clock-jump'
  | 'pending-structs'
  | 'pending-deletes'
  | 'foreign-client-id'
  | 'root-type'
  | 'content-kind'
  | 'node-name'
  | 'node-placement'
  | 'mark-name'
  | 'attribute'
  | 'origin-cycle';

const TOO_LARGE: ReadonlySet<RefusalRule> = new Set(['too-many-bytes', 'too-many-structs', 'too-many-delete-ranges', 'document-too-large']);

/** A refusal by admission, closing the sender with 4413 (over a cap) or 4422 (anything else). */
export class AdmissionRefusal extends CollabRefusal {
  readonly rule: RefusalRule;

  /** True when the update only lacks state the sender may still send (see missing-state.ts). */
  get isPending(): boolean {
    return this.rule === 'pending-structs' || this.rule === 'pending-deletes';
  }

  constructor(rule: RefusalRule, message: string, detail: Record<string, unknown> = {}) {
    super(TOO_LARGE.has(rule) ? CloseCodes.UpdateTooLarge : CloseCodes.UpdateRefused, message, { rule, ...detail });
    this.rule = rule;
  }
}
