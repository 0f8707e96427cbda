/**
 * Zip files written by hand (local headers, central directory, end record), so a test can make a DOCX or
 * XLSX with macros, or one whose directory claims 1 GiB, without holding or writing anything that large:
 * the claimed sizes are only numbers in the headers, as they are in a real zip bomb's directory.
 */
import crypto from "node:crypto";
import zlib from "node:zlib";

export interface ZipEntry {
  name: string;
  data?: Buffer;
  /** bytes stored as the entry's compressed data instead of deflating `data` (never unpacked by the app) */
  raw?: Buffer;
  /** the uncompressed size written in the headers, instead of `data`'s length */
  declaredSize?: number;
}

export function zipBytes(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = e.data ?? Buffer.alloc(0);
    const packed = e.raw ?? zlib.deflateRawSync(data);
    const name = Buffer.from(e.name, "utf8");
    const crc = zlib.crc32(data);
    const size = e.declaredSize ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
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

const WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const WORD_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml";

function contentTypes(main: string, extra = ""): Buffer {
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/>${extra}` +
      `<Override PartName="/word/document.xml" ContentType="${main}"/></Types>`,
  );
}
const RELS = Buffer.from(
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
);
function documentXml(text: string): Buffer {
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
      `<w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`,
  );
}

/** A small, well-formed DOCX. */
export function docxBytes(text = "Sáng kiến"): Buffer {
  return zipBytes([
    { name: "[Content_Types].xml", data: contentTypes(WORD_MAIN) },
    { name: "_rels/.rels", data: RELS },
    { name: "word/document.xml", data: documentXml(text) },
  ]);
}

/** A Word document with a VBA project, as Word saves a .docm. */
export function docmBytes(): Buffer {
  return zipBytes([
    {
      name: "[Content_Types].xml",
      data: contentTypes(WORD_MACRO_MAIN, `<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>`),
    },
    { name: "_rels/.rels", data: RELS },
    { name: "word/document.xml", data: documentXml("macro") },
    { name: "word/vbaProject.bin", data: crypto.randomBytes(2048) },
  ]);
}

/** A plain DOCX's content types, but a VBA project hidden in another folder under another case. */
export function hiddenVbaBytes(): Buffer {
  return zipBytes([
    { name: "[Content_Types].xml", data: contentTypes(WORD_MAIN) },
    { name: "_rels/.rels", data: RELS },
    { name: "word/document.xml", data: documentXml("hidden") },
    { name: "customXml/VBAPROJECT.BIN", data: crypto.randomBytes(2048) },
  ]);
}

/** Only the content types say macro-enabled. */
export function macroContentTypeBytes(): Buffer {
  return zipBytes([
    { name: "[Content_Types].xml", data: contentTypes(WORD_MACRO_MAIN) },
    { name: "_rels/.rels", data: RELS },
    { name: "word/document.xml", data: documentXml("macro type") },
  ]);
}

/** A DOCX whose directory claims `declared` bytes for an entry whose packed data is `packed` bytes. */
export function bombBytes(declared: number, packed: number): Buffer {
  return zipBytes([
    { name: "[Content_Types].xml", data: contentTypes(WORD_MAIN) },
    { name: "_rels/.rels", data: RELS },
    { name: "word/document.xml", data: documentXml("bomb") },
    { name: "word/media/filler.xml", raw: crypto.randomBytes(packed), declaredSize: declared },
  ]);
}
