// Worker thread entry: converts seed sources (Markdown/HTML/Word) into a first document state.
// Runs off the main thread so that a pathological source cannot stall the server; the
// caller enforces a time limit by terminating this worker, and caps its heap (resourceLimits)
// so that a file that needs too much memory ends this worker, not the server.
import { Window } from 'happy-dom';
import mammoth from 'mammoth';
import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';
import { contentHashOf } from '../../shared/content-hash.ts';
import { cleanPastedHtml } from '../../shared/import/pasted-html.ts';
import { statementJSONFromYDoc } from '../../shared/schema/ydoc.ts';
import { MAX_TITLE_LENGTH } from '../../shared/api/statements.ts';
import { DocxArchiveError, readArchivePart, readCentralDirectory, verifyInflatedSizes } from './docx-archive.ts';
import { buildInitialState, type SeedSource } from './initial-state.ts';

export interface SeedRequest {
  id: number;
  source: SeedSource;
}

/** `title`: the title the document was given (the request's, or the Word file's own when the request left it empty). */
export type SeedReply = { id: number; state: Uint8Array; contentHash: string; title: string } | { id: number; error: string; kind: 'invalid' | 'too-large' };

// Conversions run one at a time (the converter sends the next once this one answered); a
// failure is an answer, never an unhandled rejection.
parentPort!.on('message', (request: SeedRequest) => void answer(request));

async function answer({ id, source }: SeedRequest): Promise<void> {
  let reply: SeedReply;
  try {
    const converted = source.docxBase64 !== undefined ? await wordToHtml(source) : source.html !== undefined ? cleanHtml(source) : source;
    const state = buildInitialState(converted);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    reply = { id, state, contentHash: await contentHashOf(statementJSONFromYDoc(doc)), title: converted.title };
    doc.destroy();
  } catch (error) {
    const kind = error instanceof DocxArchiveError && error.kind === 'too-large' ? 'too-large' : 'invalid';
    reply = { id, kind, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
}

/**
 * Word → HTML with mammoth (headings, lists, emphasis, links); the schema then keeps what it allows.
 * When the request left the title empty, the file's own title is the statement's: its
 * document title (docProps/core.xml `dc:title`), else its first heading (which then leaves the
 * body, so it is not there twice); cut to MAX_TITLE_LENGTH.
 * The caller checked the zip directory against the import limits (checkDocxArchive); every
 * part is inflated here with its declared size as a cap before mammoth inflates anything,
 * so an archive that lies about its sizes is refused having inflated no more than it declared.
 */
async function wordToHtml(source: SeedSource): Promise<SeedSource> {
  const bytes = Buffer.from(source.docxBase64!, 'base64');
  const entries = readCentralDirectory(bytes);
  verifyInflatedSizes(bytes, entries);
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: bytes })).value;
  } catch {
    throw new Error('the file is not a readable Word (.docx) document');
  }
  if (source.title.trim() !== '') return { title: source.title, html };
  const core = readArchivePart(bytes, entries, 'docProps/core.xml');
  const documentTitle = core ? titleOfCoreProperties(core.toString('utf8')) : '';
  if (documentTitle) return { title: documentTitle, html };
  const page = domParser.parseFromString(html, 'text/html');
  const heading = page.querySelector('h1, h2, h3, h4, h5, h6');
  const headingTitle = asTitle(heading?.textContent ?? '');
  if (!heading || !headingTitle) return { title: source.title, html };
  heading.remove();
  return { title: headingTitle, html: page.body.innerHTML };
}

/** Whitespace collapsed, at most MAX_TITLE_LENGTH characters. */
function asTitle(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE_LENGTH).trim();
}

/** The `dc:title` of a Word file's core properties, '' when it has none. */
function titleOfCoreProperties(xml: string): string {
  const element = domParser.parseFromString(xml, 'application/xml').getElementsByTagName('dc:title')[0];
  return asTitle(element?.textContent ?? '');
}

// One DOM for the worker's life (happy-dom, which @tiptap/html's server build loads anyway),
// that never runs a script or fetches anything an imported file names: no stylesheets,
// frames or script files (settings as @tiptap/html/server uses them).
const domParser = new new Window({
  settings: {
    disableJavaScriptEvaluation: true,
    disableJavaScriptFileLoading: true,
    disableCSSFileLoading: true,
    disableIframePageLoading: true,
    disableComputedStyleRendering: true,
  },
}).DOMParser() as unknown as DOMParser;

/** HTML saved from Word or Google Docs is cleaned like a paste into the editor (lists, wrappers). */
function cleanHtml(source: SeedSource): SeedSource {
  return { title: source.title, html: cleanPastedHtml(source.html!, domParser) };
}

// Modules are loaded: the caller's time limit applies to conversions only from here on.
parentPort!.postMessage({ ready: true });
