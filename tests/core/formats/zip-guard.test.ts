import { createRequire } from 'node:module';
import { deflateRawSync } from 'node:zlib';
import unzipper from 'unzipper';
import { describe, expect, it } from 'vitest';
import { FormatError, LimitExceededError } from '../../../server/core/formats/errors.ts';
import { DEFAULT_IMPORT_LIMITS } from '../../../server/core/formats/limits.ts';
import { XmlValueGuard } from '../../../server/core/formats/xml-value-guard.ts';
import { readZipEntry, surveyZip } from '../../../server/core/formats/zip-guard.ts';
import { kmzOf, reportsWorkbook } from '../../fixtures/imports/generate.ts';
import { kmzBomb, repeatedDeflate, xlsxWithHugeSharedString, zipArchive } from '../../helpers/zip-bombs.ts';

const MiB = 1024 * 1024;

function chunks(buffer: Buffer, size = 64 * 1024): AsyncIterable<Buffer> {
  return (async function* () {
    for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
  })();
}

async function refusal(promise: Promise<unknown>): Promise<LimitExceededError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LimitExceededError);
  return err as LimitExceededError;
}

describe('surveyZip', () => {
  it('walks a workbook and a KMZ: every entry in order, the bytes they inflate to', async () => {
    const workbook = await surveyZip(chunks(await reportsWorkbook()), DEFAULT_IMPORT_LIMITS);
    expect(workbook.entries).toEqual(expect.arrayContaining(['xl/workbook.xml', 'xl/worksheets/sheet2.xml', 'xl/sharedStrings.xml']));
    expect(workbook.expandedBytes).toBeGreaterThan(5000);
    const kmz = await surveyZip(chunks(await kmzOf('<kml><Document/></kml>')), DEFAULT_IMPORT_LIMITS);
    expect(kmz).toEqual({ entries: ['doc.kml', 'files/', 'files/icon.png'], expandedBytes: 22 + 4, kept: new Map() });
    const kept = await surveyZip(chunks(await kmzOf('<kml><Document/></kml>')), DEFAULT_IMPORT_LIMITS, ['doc.kml', 'nope.kml'], 100);
    expect(kept.kept).toEqual(new Map([['doc.kml', Buffer.from('<kml><Document/></kml>')]]));
    await expect(surveyZip(chunks(await kmzOf('<kml><Document/></kml>')), DEFAULT_IMPORT_LIMITS, ['doc.kml'], 10)).rejects.toMatchObject({
      code: 'document-too-large',
      statusCode: 413,
    });
  });

  it('stops a KMZ bomb (4 GiB of Placemarks, header says 1 KB) at the limit, having inflated no more than that', async () => {
    const bomb = await kmzBomb(4 * 1024 * MiB);
    expect(bomb.length).toBeLessThan(20 * MiB);
    const limits = { ...DEFAULT_IMPORT_LIMITS, maxExpandedBytes: 32 * MiB };
    const err = await refusal(surveyZip(chunks(bomb), limits));
    expect(err).toMatchObject({ code: 'expanded-too-large', limit: 'maxExpandedBytes', limitValue: 32 * MiB, statusCode: 413 });
    expect(err.message).toBe('the archive expands to more than 33,554,432 bytes (stopped in doc.kml)');
  });

  it('refuses a workbook with one 450-million-character shared string after its first million characters', async () => {
    const workbook = await xlsxWithHugeSharedString(450_000_000);
    expect(workbook.length).toBeLessThan(600 * 1024);
    const err = await refusal(surveyZip(chunks(workbook), DEFAULT_IMPORT_LIMITS));
    expect(err).toMatchObject({ code: 'value-too-long', limit: 'maxValueChars', limitValue: 1_000_000, statusCode: 422 });
    expect(err.message).toMatch(/^xl\/sharedStrings\.xml: a text value starting at byte \d+ is longer than 1,000,000 characters$/);
  });

  it('measures values in any entry an XML parser reads, however it is named, but not in images', async () => {
    const long = Buffer.alloc(2 * MiB, 'a');
    const limits = { ...DEFAULT_IMPORT_LIMITS, maxValueChars: MiB };
    const named = (name: string) =>
      zipArchive([{ name, data: deflateRawSync(Buffer.concat([Buffer.from('<t>'), long, Buffer.from('</t>')])) }]);
    for (const name of ['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet1.xml.bak', 'files/doc.KML', 'xl/_rels/workbook.xml.rels']) {
      expect((await refusal(surveyZip(chunks(named(name)), limits))).code, name).toBe('value-too-long');
    }
    await expect(surveyZip(chunks(named('xl/media/image1.png')), limits)).resolves.toMatchObject({ expandedBytes: long.length + 7 });
  });

  it('refuses an archive of more entries than the limit', async () => {
    const entries = Array.from({ length: 30 }, (_, i) => ({ name: `files/${i}.png`, data: Buffer.from('x'), stored: true }));
    const err = await refusal(surveyZip(chunks(zipArchive(entries)), { ...DEFAULT_IMPORT_LIMITS, maxZipEntries: 20 }));
    expect(err).toMatchObject({ code: 'too-many-entries', statusCode: 413 });
    expect(err.message).toBe('the archive has more than 20 entries');
  });

  it('answers FormatError for an archive cut anywhere or with broken data, never hangs', async () => {
    const kmz = await kmzOf('<kml><Document><Placemark><name>x</name></Placemark></Document></kml>');
    const broken: Array<[string, Buffer]> = [
      ['garbage after the signature', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 0x41)])],
      ['bad deflate data', zipArchive([{ name: 'doc.kml', data: Buffer.alloc(64, 0xff) }])],
    ];
    for (let n = 1; n < kmz.length; n++) broken.push([`cut after byte ${n} of ${kmz.length}`, kmz.subarray(0, n)]);
    const outcomes = new Set<string>();
    for (const [label, bytes] of broken) {
      for (const size of [7, 64 * 1024]) {
        const hang = new Promise((resolve) => setTimeout(() => resolve('hangs'), 5000));
        const outcome = await Promise.race([
          surveyZip(chunks(bytes, size), DEFAULT_IMPORT_LIMITS).then(
            () => 'reads',
            (e: unknown) => e,
          ),
          hang,
        ]);
        expect(outcome, label).toBeInstanceOf(FormatError);
        outcomes.add((outcome as FormatError).message.replace(/: .*/, ''));
      }
    }
    expect([...outcomes]).toEqual(['not a readable zip archive']);
    await expect(surveyZip(chunks(kmz, 7), DEFAULT_IMPORT_LIMITS)).resolves.toMatchObject({
      entries: ['doc.kml', 'files/', 'files/icon.png'],
    });
  });

  it('reads the chosen entry under the same limits', async () => {
    const kml = '<kml><Document><Placemark><name>远望</name></Placemark></Document></kml>';
    expect((await readZipEntry(chunks(await kmzOf(kml)), 'doc.kml', DEFAULT_IMPORT_LIMITS)).toString()).toBe(kml);
    const err = await refusal(
      readZipEntry(chunks(await kmzBomb(256 * MiB)), 'doc.kml', { ...DEFAULT_IMPORT_LIMITS, maxExpandedBytes: 8 * MiB }),
    );
    expect(err.code).toBe('expanded-too-large');
  });

  it('walks archives with the very zip reader exceljs parses workbooks with', () => {
    const fromExcelJs = createRequire(createRequire(import.meta.url).resolve('exceljs'))('unzipper');
    expect(fromExcelJs.Parse).toBe(unzipper.Parse);
  });

  it('builds bombs that inflate to exactly what they say', async () => {
    const { inflateRawSync } = await import('node:zlib');
    const unit = Buffer.alloc(40 * 1024, 'ab');
    const data = await repeatedDeflate(Buffer.from('<a>'), unit, 5, Buffer.from('</a>'));
    expect(inflateRawSync(data).equals(Buffer.concat([Buffer.from('<a>'), unit, unit, unit, unit, unit, Buffer.from('</a>')]))).toBe(true);
  });
});

describe('XmlValueGuard', () => {
  /** The message for `xml` under `max`, or 'ok', fed in chunks of every size from 1 byte to all. */
  const verdicts = (xml: string, max: number): Set<string> => {
    const bytes = Buffer.from(xml);
    const seen = new Set<string>();
    for (let size = 1; size <= bytes.length; size++) {
      const guard = new XmlValueGuard(max, 'doc');
      try {
        for (let i = 0; i < bytes.length; i += size) guard.write(bytes.subarray(i, i + size));
        seen.add('ok');
      } catch (err) {
        seen.add((err as Error).message);
      }
    }
    return seen;
  };

  it.each([
    ['<a>0123456789</a>', 10, 'ok'],
    ['<a>01234567890</a>', 10, 'doc: a text value starting at byte 3 is longer than 10 characters'],
    ['<a>远望高层远望高层远望</a>', 10, 'ok'],
    ['<a>远望高层远望高层远望高</a>', 10, 'doc: a text value starting at byte 3 is longer than 10 characters'],
    ['<a x="1>2 ">', 12, 'ok'],
    ['<a x="1>2 3">', 12, 'doc: a tag starting at byte 0 is longer than 12 characters'],
    ["<a y='>>>>>>>>>'/>", 10, 'doc: a tag starting at byte 0 is longer than 10 characters'],
    ['<a><![CDATA[<b>xx</b><c>yz</c>]]></a>', 30, 'ok'],
    ['<a><![CDATA[<b>xxx</b><c>yz</c>]]></a>', 30, 'doc: a CDATA section starting at byte 3 is longer than 30 characters'],
    ['<a><!-- <b>0123456789</b> 123 --></a>', 30, 'ok'],
    ['<a><!-- <b>0123456789</b> 1234 --></a>', 30, 'doc: a comment starting at byte 3 is longer than 30 characters'],
    ['<?xml version="1.0"?><!DOCTYPE kml><kml><Document><name>n</name></Document></kml>', 21, 'ok'],
    ['<a>short</a><b>and this one is long</b>', 10, 'doc: a text value starting at byte 15 is longer than 10 characters'],
  ])('%s under %i characters: %s', (xml, max, verdict) => {
    expect([...verdicts(xml, max)]).toEqual([verdict]);
  });
});
