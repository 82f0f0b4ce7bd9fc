import { constants, createDeflateRaw, deflateRawSync } from 'node:zlib';

/**
 * Raw deflate data that inflates to `prefix`, then `unit` `copies` times, then `suffix`, built without
 * ever holding or compressing the whole: `unit` (at least 32 KiB, the deflate window) is compressed
 * once in a window that already holds a copy of it, and that block is repeated. A few MB of it
 * inflate to several GB.
 */
export async function repeatedDeflate(prefix: Buffer, unit: Buffer, copies: number, suffix: Buffer = Buffer.alloc(0)): Promise<Buffer> {
  if (unit.length < 32 * 1024) throw new Error('unit must be at least 32 KiB');
  if (copies < 2) throw new Error('copies must be at least 2');
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const flushed = async (data: Buffer, kind: number): Promise<Buffer> => {
    out.length = 0;
    deflate.write(data);
    await new Promise<void>((resolve) => deflate.flush(kind, () => resolve()));
    return Buffer.concat(out);
  };
  const first = await flushed(Buffer.concat([prefix, unit]), constants.Z_SYNC_FLUSH);
  const repeated = await flushed(unit, constants.Z_SYNC_FLUSH);
  out.length = 0;
  const ended = new Promise<void>((resolve) => deflate.on('end', resolve));
  deflate.end(suffix);
  await ended;
  const last = Buffer.concat(out);
  return Buffer.concat([first, ...Array.from({ length: copies - 1 }, () => repeated), last]);
}

/** `text` repeated to at least `bytes` bytes (a whole number of times). */
export function repeatText(text: string, bytes = 1024 * 1024): Buffer {
  const one = Buffer.from(text);
  return Buffer.concat(Array.from({ length: Math.ceil(bytes / one.length) }, () => one));
}

export interface ZipEntrySpec {
  name: string;
  /** Raw deflate data (method 8), or the bytes themselves stored (method 0) when `stored`. */
  data: Buffer;
  stored?: boolean;
  /** The uncompressed size the headers declare (a bomb may lie; default: data length when stored, else 0). */
  declaredSize?: number;
}

/**
 * A zip archive of the given entries (local headers with sizes, central directory, end record), CRCs
 * left 0: the readers under test do not check them, and a bomb would not bother either.
 */
export function zipArchive(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const method = e.stored ? 0 : 8;
    const size = (e.declaredSize ?? (e.stored ? e.data.length : 0)) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
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

const KML_HEAD = '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>';
const PLACEMARK = '<Placemark><name>远望高层</name><Point><coordinates>124.862,46.662</coordinates></Point></Placemark>';

/**
 * A KMZ whose doc.kml is well-formed Placemarks (every value short) repeated to about `expandedBytes`
 * bytes, its header declaring 1 KB: only counting the inflated bytes can stop it.
 * 4 GiB take about 12 MB.
 */
export async function kmzBomb(expandedBytes: number): Promise<Buffer> {
  const unit = repeatText(PLACEMARK);
  const kml = await repeatedDeflate(
    Buffer.from(KML_HEAD),
    unit,
    Math.max(2, Math.ceil(expandedBytes / unit.length)),
    Buffer.from('</Document></kml>'),
  );
  return zipArchive([
    { name: 'doc.kml', data: kml, declaredSize: 1024 },
    { name: 'files/icon.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47]), stored: true },
  ]);
}

const XLSX_PARTS: Record<string, string> = {
  '[Content_Types].xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
  '_rels/.rels':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  'xl/workbook.xml':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="投诉记录" sheetId="1" r:id="rId1"/></sheets></workbook>',
  'xl/_rels/workbook.xml.rels':
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
};

/** A worksheet XML of `rows` (cells as inline text or shared-string indexes `{ s: n }`). */
export function sheetXml(rows: Array<Array<string | number | { s: number }>>): string {
  const column = (i: number): string =>
    i < 26 ? String.fromCharCode(65 + i) : column(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26));
  const cells = (row: Array<string | number | { s: number }>, r: number) =>
    row
      .map((v, i) => {
        const ref = `${column(i)}${r + 1}`;
        if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
        if (typeof v === 'object') return `<c r="${ref}" t="s"><v>${v.s}</v></c>`;
        return `<c r="${ref}" t="inlineStr"><is><t>${v}</t></is></c>`;
      })
      .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
    rows.map((row, r) => `<row r="${r + 1}">${cells(row, r)}</row>`).join('') +
    '</sheetData></worksheet>'
  );
}

/** A minimal workbook: one sheet "投诉记录" with `sheet` as its XML, and `sharedStrings` (raw deflate data) when given. */
export function workbookOf(sheet: string, sharedStrings?: Buffer): Buffer {
  const entries: ZipEntrySpec[] = Object.entries(XLSX_PARTS).map(([name, xml]) => ({ name, data: deflateRawSync(Buffer.from(xml)) }));
  if (sharedStrings) entries.push({ name: 'xl/sharedStrings.xml', data: sharedStrings, declaredSize: 100 });
  entries.push({ name: 'xl/worksheets/sheet1.xml', data: deflateRawSync(Buffer.from(sheet)) });
  return zipArchive(entries);
}

/**
 * A workbook of a few hundred KB whose one shared string is `chars` characters long, used by the
 * header's address cell: an XML reader builds that string whole before anything can look at it.
 */
export async function xlsxWithHugeSharedString(chars: number): Promise<Buffer> {
  const unit = Buffer.alloc(1024 * 1024, 'x');
  const copies = Math.max(2, Math.round(chars / unit.length));
  const strings = await repeatedDeflate(
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>',
    ),
    unit,
    copies,
    Buffer.from('</t></si></sst>'),
  );
  const sheet = sheetXml([
    ['external_id', 'lon', 'lat', 'kind', 'source', 'reported_at', 'address'],
    ['R-1', 124.862, 46.662, 'weak-signal', 'callback', '2006-05-01T08:00:00Z', { s: 0 }],
  ]);
  return workbookOf(sheet, strings);
}
