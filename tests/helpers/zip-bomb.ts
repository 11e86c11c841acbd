/**
 * Hand-written .docx archives for import tests: a minimal valid Word package whose
 * word/document.xml may be hundreds of MB when inflated, built by streaming through
 * zlib so the test process never holds the inflated text (the server under test runs in
 * this process, and its memory is what the tests measure).
 */
import { once } from 'node:events';
import { createDeflateRaw, crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** The entry's bytes as stored (deflated unless `method` is 0). */
  data: Buffer;
  crc32: number;
  uncompressedSize: number;
  method: 0 | 8;
  /** The uncompressed size the headers claim; defaults to the true one. A lying archive sets it. */
  declaredUncompressedSize?: number;
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
  '</Types>';

const RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
  '</Relationships>';

export function deflatedEntry(name: string, text: string | Buffer): ZipEntry {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  return { name, data: deflateRawSync(bytes), crc32: crc32(bytes), uncompressedSize: bytes.length, method: 8 };
}

/** Deflates `repeat` copies of `chunk` between `head` and `tail` without ever holding them together. */
export async function streamedEntry(name: string, head: string, chunk: string, repeat: number, tail: string): Promise<ZipEntry> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (piece: Buffer) => out.push(piece));
  const ended = once(deflate, 'end');
  let crc = 0;
  let size = 0;
  const write = async (bytes: Buffer) => {
    crc = crc32(bytes, crc);
    size += bytes.length;
    if (!deflate.write(bytes)) await once(deflate, 'drain');
  };
  await write(Buffer.from(head));
  // Many copies per write keeps the number of writes (and so the run time) small.
  const perWrite = Math.max(1, Math.floor((1 << 20) / chunk.length));
  const block = Buffer.from(chunk.repeat(perWrite));
  let left = repeat;
  for (; left >= perWrite; left -= perWrite) await write(block);
  if (left > 0) await write(Buffer.from(chunk.repeat(left)));
  await write(Buffer.from(tail));
  deflate.end();
  await ended;
  return { name, data: Buffer.concat(out), crc32: crc >>> 0, uncompressedSize: size, method: 8 };
}

/** A Word file whose body is `paragraphs` (plain text, one `w:p` each). */
export function smallDocx(paragraphs: string[]): Buffer {
  const body = paragraphs.map((text) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`).join('');
  return writeZip([
    deflatedEntry('[Content_Types].xml', CONTENT_TYPES),
    deflatedEntry('_rels/.rels', RELS),
    deflatedEntry(
      'word/document.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`,
    ),
  ]);
}

/**
 * A valid Word file whose document.xml inflates to about `inflatedMb` MB of one repeated
 * paragraph (deflated about 1,000:1). With `declaredUncompressedSize` the central directory
 * and local headers claim that size for document.xml instead of the true one.
 */
export async function bombDocx(options: { inflatedMb: number; declaredUncompressedSize?: number }): Promise<Buffer> {
  const paragraph = '<w:p><w:r><w:t>We call for urgent and lasting action on housing. </w:t></w:r></w:p>';
  const document = await streamedEntry(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>`,
    paragraph,
    Math.ceil((options.inflatedMb * 1024 * 1024) / paragraph.length),
    '</w:body></w:document>',
  );
  if (options.declaredUncompressedSize !== undefined) document.declaredUncompressedSize = options.declaredUncompressedSize;
  return writeZip([deflatedEntry('[Content_Types].xml', CONTENT_TYPES), deflatedEntry('_rels/.rels', RELS), document]);
}

/** A zip archive (no ZIP64, no data descriptors): local headers and data, central directory, end record. */
export function writeZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const declared = entry.declaredUncompressedSize ?? entry.uncompressedSize;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0, 6); // flags
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(0, 10); // time, date
    local.writeUInt32LE(entry.crc32, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, entry.data);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6); // version needed
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(entry.method, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(entry.crc32, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    // extra length, comment length, disk, internal attributes, external attributes: 0
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
