/**
 * Puts text that is still being fetched on the clipboard. Browsers only allow clipboard
 * writes during the click that asked for them; Safari ends that permission at the first
 * `await`, so where `ClipboardItem` exists the write starts at once with the text as a
 * promise. Elsewhere the text is awaited, then written.
 *
 * Rejects with `FetchFailed` (carrying the fetch's error) when getting the text failed,
 * and with the browser's error when the clipboard refused.
 */
export class FetchFailed extends Error {
  readonly reason: unknown;
  constructor(reason: unknown) {
    super('fetching the text failed');
    this.name = 'FetchFailed';
    this.reason = reason;
  }
}

export async function copyFetchedText(text: Promise<string>): Promise<void> {
  const fetched = text.catch((error: unknown) => {
    throw new FetchFailed(error);
  });
  const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard;
  if (!clipboard) {
    await fetched;
    throw new Error('no clipboard');
  }
  if (typeof ClipboardItem !== 'undefined' && typeof clipboard.write === 'function') {
    const blob = fetched.then((value) => new Blob([value], { type: 'text/plain' }));
    try {
      await clipboard.write([new ClipboardItem({ 'text/plain': blob })]);
      return;
    } catch (error) {
      // A fetch failure surfaces as the write's rejection in some browsers: report it as such.
      await fetched;
      // Promise-valued items unsupported (older browsers): fall back to writeText below.
      if (!(error instanceof TypeError)) throw error;
    }
  }
  await clipboard.writeText(await fetched);
}
