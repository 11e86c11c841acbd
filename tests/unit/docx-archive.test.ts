import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkDocxArchive, DOCX_ARCHIVE_LIMITS, DocxArchiveError, readCentralDirectory, verifyInflatedSizes } from '../../server/seed/docx-archive.ts';
import { deflatedEntry, smallDocx, writeZip, type ZipEntry } from '../helpers/zip-bomb.ts';

function refusal(run: () => unknown): DocxArchiveError {
  try {
    run();
  } catch (error) {
    if (error instanceof DocxArchiveError) return error;
    throw error;
  }
  throw new Error('expected a DocxArchiveError');
}

/** The archive with a zip comment appended to its End Of Central Directory record. */
function withComment(zip: Buffer, comment: Buffer): Buffer {
  const out = Buffer.concat([zip, comment]);
  out.writeUInt16LE(comment.length, zip.length - 22 + 20);
  return out;
}

const DOC = smallDocx(['Hello']);

describe('checkDocxArchive', () => {
  it('lists the parts of a Word file', () => {
    expect(checkDocxArchive(DOC).map((entry) => entry.name)).toEqual(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
  });

  it('finds the directory record behind a comment, and refuses one whose comment hides another record', () => {
    expect(checkDocxArchive(withComment(DOC, Buffer.from('saved by a test'))).length).toBe(3);
    const fake = Buffer.alloc(22);
    fake.writeUInt32LE(0x06054b50, 0);
    expect(refusal(() => checkDocxArchive(withComment(DOC, fake))).kind).toBe('malformed');
  });

  it('refuses bytes before the archive, ZIP64 markers, encryption and unknown compression', () => {
    expect(refusal(() => checkDocxArchive(Buffer.concat([Buffer.from('prefix'), DOC]))).message).toContain('not where its record says');

    const zip64 = Buffer.from(DOC);
    zip64.writeUInt32LE(0xffffffff, zip64.length - 22 + 16);
    expect(refusal(() => checkDocxArchive(zip64)).message).toContain('ZIP64');

    const centralOffset = DOC.readUInt32LE(DOC.length - 22 + 16);
    const encrypted = Buffer.from(DOC);
    encrypted.writeUInt16LE(1, centralOffset + 8);
    expect(refusal(() => checkDocxArchive(encrypted)).message).toContain('encrypted');

    const bzip = Buffer.from(DOC);
    bzip.writeUInt16LE(12, centralOffset + 10);
    expect(refusal(() => checkDocxArchive(bzip)).message).toContain('compression Word does not write');
  });

  it('refuses too many parts before walking them', () => {
    const parts = writeZip(Array.from({ length: 11 }, (_, i) => deflatedEntry(`p${i}.xml`, '<x/>')));
    const error = refusal(() => checkDocxArchive(parts, { ...DOCX_ARCHIVE_LIMITS, maxEntries: 10 }));
    expect(error.kind).toBe('too-large');
    expect(error.message).toContain('11 parts');
  });

  it('refuses a declared total over the limit, and a large part packed more tightly than Word packs', () => {
    const big: ZipEntry = { ...deflatedEntry('word/media/a.bin', 'x'), declaredUncompressedSize: 60 * 1024 * 1024 };
    expect(refusal(() => checkDocxArchive(writeZip([big]))).message).toContain('more than 50 MB');

    const dense = deflatedEntry('word/document.xml', 'a'.repeat(1024 * 1024)); // ~1,000:1
    expect(refusal(() => checkDocxArchive(writeZip([dense]))).message).toMatch(/word\/document\.xml unpacks to [\d,]+ times/);
    // A small part may be dense: the ratio applies from ratioFromBytes.
    expect(checkDocxArchive(writeZip([deflatedEntry('word/styles.xml', 'a'.repeat(100_000))])).length).toBe(1);
  });
});

describe('verifyInflatedSizes', () => {
  it('accepts parts that inflate to exactly what they declare', () => {
    expect(() => verifyInflatedSizes(DOC, readCentralDirectory(DOC))).not.toThrow();
  });

  it('refuses a part that inflates past its declared size, having inflated no more than that', () => {
    const liar: ZipEntry = { ...deflatedEntry('word/document.xml', 'a'.repeat(5_000_000)), declaredUncompressedSize: 1_000 };
    const zip = writeZip([liar]);
    const error = refusal(() => verifyInflatedSizes(zip, checkDocxArchive(zip)));
    expect(error.kind).toBe('too-large');
    expect(error.message).toContain('more than the 1,000 bytes it declares');
  });

  it('refuses a part that inflates to less than it declares, or not at all', () => {
    const short: ZipEntry = { ...deflatedEntry('word/document.xml', 'abc'), declaredUncompressedSize: 10 };
    const zip = writeZip([short]);
    expect(refusal(() => verifyInflatedSizes(zip, checkDocxArchive(zip))).kind).toBe('malformed');

    const garbage: ZipEntry = { name: 'word/document.xml', data: deflateRawSync('abc').subarray(0, 1), crc32: 0, uncompressedSize: 3, method: 8 };
    const broken = writeZip([garbage]);
    expect(refusal(() => verifyInflatedSizes(broken, checkDocxArchive(broken))).message).toContain('does not unpack');
  });
});
