/**
 * The zip container of a Word (.docx) file, read without inflating anything.
 *
 * `checkDocxArchive` runs on the server's main thread before a Word file is queued for
 * conversion: it reads the End Of Central Directory record and the central directory and
 * refuses archives that are malformed, use ZIP64, hold too many parts, or declare more
 * inflated bytes (in total, or relative to a part's packed size) than a Word file has. It
 * costs one pass over the directory and allocates nothing per byte of content.
 *
 * Declared sizes can lie, so the seed worker calls `verifyInflatedSizes` before the Word
 * converter sees the file: every part is inflated with its declared size as a hard cap.
 * Together they bound the bytes a Word import ever inflates by `maxUncompressedBytes`.
 */
import { inflateRawSync } from 'node:zlib';

export interface ArchiveLimits {
  /** Most parts (files) the archive may hold. */
  readonly maxEntries: number;
  /** Most bytes all parts may declare once inflated, together. */
  readonly maxUncompressedBytes: number;
  /** Largest inflated/packed ratio of one part, for parts of at least `ratioFromBytes` inflated. */
  readonly maxRatio: number;
  readonly ratioFromBytes: number;
}

/** A Word file of 1.4 MB holds a few dozen parts, each packed 3–30 times; these bounds are far above any real one. */
export const DOCX_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 2_000,
  maxUncompressedBytes: 50 * 1024 * 1024,
  maxRatio: 200,
  ratioFromBytes: 256 * 1024,
};

export interface ArchiveEntry {
  readonly name: string;
  /** 0 stored, 8 deflated: the only methods Word writes. */
  readonly method: 0 | 8;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
}

/** `malformed`: not a zip we read (or one that hides its sizes); `too-large`: over a limit. */
export class DocxArchiveError extends Error {
  readonly kind: 'malformed' | 'too-large';

  constructor(kind: 'malformed' | 'too-large', message: string) {
    super(message);
    this.name = 'DocxArchiveError';
    this.kind = kind;
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_BYTES = 22;
const CENTRAL_BYTES = 46;
const LOCAL_BYTES = 30;
const MAX_COMMENT_BYTES = 0xffff;

const NOT_WORD = 'the file is not a readable Word (.docx) document';

function malformed(detail: string): DocxArchiveError {
  return new DocxArchiveError('malformed', `${NOT_WORD} (${detail})`);
}

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024)).toLocaleString('en')} MB`;

/**
 * The archive's parts, checked against `limits` from the central directory alone.
 * Throws DocxArchiveError; never inflates.
 */
export function checkDocxArchive(bytes: Uint8Array, limits: ArchiveLimits = DOCX_ARCHIVE_LIMITS): ArchiveEntry[] {
  const entries = readCentralDirectory(bytes, limits.maxEntries);
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    if (total > limits.maxUncompressedBytes) {
      throw new DocxArchiveError('too-large', `it unpacks to more than ${megabytes(limits.maxUncompressedBytes)}, the limit for a Word import`);
    }
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize >= limits.ratioFromBytes && ratio > limits.maxRatio) {
      throw new DocxArchiveError(
        'too-large',
        `its part ${entry.name} unpacks to ${Math.round(ratio).toLocaleString('en')} times its packed size (a Word file's parts stay under ${limits.maxRatio} times)`,
      );
    }
  }
  return entries;
}

/**
 * The central directory's entries, or DocxArchiveError('malformed') when the End Of Central
 * Directory record or an entry is missing, inconsistent or ZIP64, and 'too-large' beyond
 * `maxEntries` (checked before the entries are walked).
 *
 * The record is the last EOCD signature in the file (as JSZip, which mammoth uses, finds it);
 * its comment must end exactly at the end of the file and the directory must end exactly
 * where the record starts, so no other reader can find a different directory in the same bytes.
 */
export function readCentralDirectory(bytes: Uint8Array, maxEntries = DOCX_ARCHIVE_LIMITS.maxEntries): ArchiveEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) throw malformed('no zip directory');
  const diskNumber = view.getUint16(eocd + 4, true);
  const directoryDisk = view.getUint16(eocd + 6, true);
  const entriesOnDisk = view.getUint16(eocd + 8, true);
  const entryCount = view.getUint16(eocd + 10, true);
  const directorySize = view.getUint32(eocd + 12, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  const commentLength = view.getUint16(eocd + 20, true);
  if (eocd + EOCD_BYTES + commentLength !== bytes.byteLength) throw malformed('the zip directory record is damaged');
  const isZip64 =
    entryCount === 0xffff ||
    directorySize === 0xffffffff ||
    directoryOffset === 0xffffffff ||
    (eocd >= 20 && view.getUint32(eocd - 20, true) === ZIP64_LOCATOR_SIGNATURE);
  if (isZip64) throw malformed('ZIP64 archives are not accepted');
  if (diskNumber !== 0 || directoryDisk !== 0 || entriesOnDisk !== entryCount) throw malformed('split archives are not accepted');
  if (entryCount > maxEntries) {
    throw new DocxArchiveError('too-large', `it holds ${entryCount.toLocaleString('en')} parts (a Word import may hold ${maxEntries.toLocaleString('en')})`);
  }
  if (directoryOffset + directorySize !== eocd) throw malformed('the zip directory is not where its record says');

  const entries: ArchiveEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < entryCount; i++) {
    if (at + CENTRAL_BYTES > eocd || view.getUint32(at, true) !== CENTRAL_SIGNATURE) throw malformed('a zip directory entry is damaged');
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentBytes = view.getUint16(at + 32, true);
    const startDisk = view.getUint16(at + 34, true);
    const localHeaderOffset = view.getUint32(at + 42, true);
    const next = at + CENTRAL_BYTES + nameLength + extraLength + commentBytes;
    if (next > eocd) throw malformed('a zip directory entry is damaged');
    const name = Buffer.from(bytes.buffer, bytes.byteOffset + at + CENTRAL_BYTES, nameLength).toString('utf8');
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeaderOffset === 0xffffffff || startDisk === 0xffff) {
      throw malformed('ZIP64 archives are not accepted');
    }
    if (flags & 0x1) throw malformed(`its part ${name} is encrypted`);
    if (method !== 0 && method !== 8) throw malformed(`its part ${name} uses a compression Word does not write`);
    if (method === 0 && compressedSize !== uncompressedSize) throw malformed(`its part ${name} has inconsistent sizes`);
    if (localHeaderOffset + LOCAL_BYTES + compressedSize > directoryOffset) throw malformed(`its part ${name} lies outside the archive`);
    entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
    at = next;
  }
  if (at !== eocd) throw malformed('the zip directory has bytes its record does not count');
  return entries;
}

/** Offset of the last End Of Central Directory signature that leaves room for a full record, or -1. */
function findEndOfCentralDirectory(view: DataView): number {
  const last = view.byteLength - EOCD_BYTES;
  const first = Math.max(0, last - MAX_COMMENT_BYTES);
  for (let at = last; at >= first; at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE) return at;
  }
  return -1;
}

/**
 * Inflates every part with its declared size as a hard cap, and throws DocxArchiveError
 * ('too-large' when a part inflates past what it declares, 'malformed' when it does not
 * inflate to exactly that size). After `checkDocxArchive` passed, the bytes this inflates are
 * bounded by `maxUncompressedBytes`; the inflated parts are dropped, only the check remains.
 */
export function verifyInflatedSizes(bytes: Uint8Array, entries: readonly ArchiveEntry[]): void {
  for (const entry of entries) unpackEntry(bytes, entry);
}

/**
 * The bytes of one part (e.g. `docProps/core.xml`), inflated with its declared size as a hard
 * cap; null when the archive has no such part. Throws DocxArchiveError like verifyInflatedSizes.
 */
export function readArchivePart(bytes: Uint8Array, entries: readonly ArchiveEntry[], name: string): Buffer | null {
  const entry = entries.find((candidate) => candidate.name === name);
  return entry ? unpackEntry(bytes, entry) : null;
}

function unpackEntry(bytes: Uint8Array, entry: ArchiveEntry): Buffer {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (view.getUint32(at, true) !== LOCAL_SIGNATURE) throw malformed(`its part ${entry.name} has no header`);
  const start = at + LOCAL_BYTES + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.byteLength) throw malformed(`its part ${entry.name} lies outside the archive`);
  // Stored: the directory check made its size its packed size.
  if (entry.method === 0) return Buffer.from(bytes.buffer, bytes.byteOffset + start, entry.compressedSize);
  let inflated: Buffer;
  try {
    inflated = inflateRawSync(bytes.subarray(start, start + entry.compressedSize), { maxOutputLength: Math.max(1, entry.uncompressedSize) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new DocxArchiveError(
        'too-large',
        `its part ${entry.name} unpacks to more than the ${entry.uncompressedSize.toLocaleString('en')} bytes it declares`,
      );
    }
    throw malformed(`its part ${entry.name} does not unpack`);
  }
  if (inflated.length !== entry.uncompressedSize) throw malformed(`its part ${entry.name} unpacks to another size than it declares`);
  return inflated;
}
