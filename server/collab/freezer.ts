/**
 * Documents whose text may not change any more on this instance (locking or publishing in
 * progress, or done). The database status is the lasting truth, checked for every update
 * by AccessGuard; this set closes the window between that check and the update's apply,
 * and is flipped synchronously before a lock or publish reads the text it freezes.
 */
export class DocumentFreezer {
  private readonly frozen = new Set<string>();

  freeze(documentName: string): void {
    this.frozen.add(documentName);
  }

  thaw(documentName: string): void {
    this.frozen.delete(documentName);
  }

  isFrozen(documentName: string): boolean {
    return this.frozen.has(documentName);
  }
}
