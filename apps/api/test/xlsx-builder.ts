import { constants, crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/** A minimal ZIP writer (stored/deflated entries), to build hostile XLSX files at test time. */
export interface ZipInput {
  name: string;
  data: Buffer;
  /** The size both headers (local and central) declare; by default the real one. */
  declaredSize?: number;
  /** Already deflated content (then `data` is ignored, `crc` is written as given). */
  deflated?: { bytes: Buffer; crc: number };
}

export function zip(entries: ZipInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const compressed = e.deflated?.bytes ?? deflateRawSync(e.data, { level: 9 });
    const size = e.declaredSize ?? e.data.length;
    const crc = e.deflated?.crc ?? crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** An XLSX whose first sheet is `sheetXml` (a `<sheetData>` body). */
export function xlsx(sheetData: Buffer | string, declaredSheetSize?: number): Buffer {
  const ct = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
  const rels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const wb = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
  const wbRels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;
  const head = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`);
  const tail = Buffer.from(`</sheetData></worksheet>`);
  const sheet = Buffer.concat([head, Buffer.isBuffer(sheetData) ? sheetData : Buffer.from(sheetData), tail]);
  return zip([
    { name: '[Content_Types].xml', data: Buffer.from(ct) },
    { name: '_rels/.rels', data: Buffer.from(rels) },
    { name: 'xl/workbook.xml', data: Buffer.from(wb) },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(wbRels) },
    { name: 'xl/worksheets/sheet1.xml', data: sheet, ...(declaredSheetSize ? { declaredSize: declaredSheetSize } : {}) },
  ]);
}

const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/** Header `code,text_fr` then `rows` data rows. */
export function xlsxRows(rows: number): Buffer {
  const parts: string[] = [`<row r="1">${cell('A1', 'code')}${cell('B1', 'text_fr')}</row>`];
  for (let i = 2; i <= rows + 1; i++) parts.push(`<row r="${i}">${cell(`A${i}`, `C${i}`)}${cell(`B${i}`, 'Texte')}</row>`);
  return xlsx(parts.join(''));
}

/**
 * A deflate stream that inflates to `prefix` then `bytes` spaces, produced chunk by chunk: the
 * inflated content is never held in memory (1.5 GB → about 1.5 MB). The CRC is computed too.
 */
export async function deflatedRun(prefix: string, bytes: number): Promise<{ bytes: Buffer; crc: number }> {
  const deflate = createDeflateRaw({ level: 9, memLevel: 9, strategy: constants.Z_DEFAULT_STRATEGY, chunkSize: 1 << 20 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const head = Buffer.from(prefix);
  let crc = crc32(head);
  deflate.write(head);
  const chunk = Buffer.alloc(16 * 1024 * 1024, 0x20);
  for (let left = bytes; left > 0; left -= chunk.length) {
    const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
    crc = crc32(part, crc);
    if (!deflate.write(part)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await ended;
  return { bytes: Buffer.concat(out), crc };
}

/**
 * A small valid workbook (header `code,text_fr`, one data row, texts in `xl/sharedStrings.xml`)
 * whose entry `lying` is replaced by `content` (a deflate stream, see `deflatedRun`) while both
 * ZIP headers of that entry declare `declaredSize` bytes: an archive that lies about its sizes.
 * Without `content`, the honest workbook.
 */
export function lyingXlsx(lying: 'xl/sharedStrings.xml' | 'xl/worksheets/sheet1.xml', content?: { bytes: Buffer; crc: number }, declaredSize = 2000): Buffer {
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const ct = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`;
  const rels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const wb = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
  const wbRels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
  const s = (ref: string, i: number) => `<c r="${ref}" t="s"><v>${i}</v></c>`;
  const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${main}"><sheetData><row r="1">${s('A1', 0)}${s('B1', 1)}</row><row r="2">${s('A2', 2)}${s('B2', 3)}</row></sheetData></worksheet>`;
  const shared = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${main}" count="4" uniqueCount="4"><si><t>code</t></si><si><t>text_fr</t></si><si><t>C1</t></si><si><t>Texte</t></si></sst>`;
  const entry = (name: string, xml: string): ZipInput => (name === lying && content ? { name, data: Buffer.alloc(0), deflated: content, declaredSize } : { name, data: Buffer.from(xml) });
  return zip([
    { name: '[Content_Types].xml', data: Buffer.from(ct) },
    { name: '_rels/.rels', data: Buffer.from(rels) },
    { name: 'xl/workbook.xml', data: Buffer.from(wb) },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(wbRels) },
    entry('xl/worksheets/sheet1.xml', sheet),
    entry('xl/sharedStrings.xml', shared),
  ]);
}
