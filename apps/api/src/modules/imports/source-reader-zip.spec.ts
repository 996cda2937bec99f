import { deflateRawSync } from 'node:zlib';
import { ImportException, ImportFileError } from './import.errors.js';
import { extractZip, storedZip } from './source-reader.js';

const LIMITS = { maxUncompressedBytes: 1024 * 1024, maxEntries: 100 };

/** Re-deflates the stored entries of `storedZip` and rewrites the declared size of entry `lie` (both headers). */
function deflatedZip(entries: Map<string, Buffer>, lie?: { name: string; declared: number }): Buffer {
  const stored = storedZip(entries);
  const parts: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  let p = 0;
  let cd = stored.readUInt32LE(stored.length - 22 + 16);
  for (const [name, data] of entries) {
    const local = Buffer.from(stored.subarray(p, p + 30));
    const nameLength = local.readUInt16LE(26);
    const compressed = deflateRawSync(data);
    const declared = lie?.name === name ? lie.declared : data.length;
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(declared, 22);
    const central = Buffer.from(stored.subarray(cd, cd + 46));
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt32LE(offset, 42);
    parts.push(local, Buffer.from(name), compressed);
    centrals.push(central, Buffer.from(name));
    offset += 30 + nameLength + compressed.length;
    p += 30 + nameLength + data.length;
    cd += 46 + nameLength;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.size, 8);
  end.writeUInt16LE(entries.size, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dir, end]);
}

async function rejection(run: () => Promise<unknown>): Promise<ImportException> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ImportException) return error;
    throw error;
  }
  throw new Error('expected an ImportException');
}

describe('extractZip: the real inflated sizes are counted, never the declared ones', () => {
  const entries = new Map([
    ['a.xml', Buffer.from('<a>' + 'x'.repeat(5000) + '</a>')],
    ['b.xml', Buffer.from('<b>' + ' '.repeat(200_000) + '</b>')],
  ]);

  it('an honest archive: every entry, byte for byte; the stored copy reads back the same', async () => {
    const out = await extractZip(deflatedZip(entries), LIMITS);
    expect([...out.keys()]).toEqual(['a.xml', 'b.xml']);
    expect(out.get('b.xml')!.equals(entries.get('b.xml')!)).toBe(true);
    const again = await extractZip(storedZip(out), LIMITS);
    expect(again.get('a.xml')!.equals(entries.get('a.xml')!)).toBe(true);
  });

  it('an entry inflating past its declared size → archive_rejected naming the entry', async () => {
    const error = await rejection(() => extractZip(deflatedZip(entries, { name: 'b.xml', declared: 2000 }), LIMITS));
    expect(error.code).toBe(ImportFileError.ArchiveRejected);
    expect(error.details).toMatchObject({ entry: 'b.xml', declaredBytes: 2000 });
  });

  it('past the total budget → archive_rejected (declared sizes are a first, cheap refusal)', async () => {
    const error = await rejection(() => extractZip(deflatedZip(entries), { ...LIMITS, maxUncompressedBytes: 100_000 }));
    expect(error.code).toBe(ImportFileError.ArchiveRejected);
    expect(error.details).toMatchObject({ maxUncompressedBytes: 100_000 });
  });

  it('a CRC that does not match the inflated bytes → archive_rejected', async () => {
    const zip = deflatedZip(entries);
    const cd = zip.readUInt32LE(zip.length - 22 + 16);
    zip.writeUInt32LE((zip.readUInt32LE(cd + 16) ^ 1) >>> 0, cd + 16);
    const error = await rejection(() => extractZip(zip, LIMITS));
    expect({ code: error.code, entry: error.details?.['entry'] }).toEqual({ code: ImportFileError.ArchiveRejected, entry: 'a.xml' });
  });
});
