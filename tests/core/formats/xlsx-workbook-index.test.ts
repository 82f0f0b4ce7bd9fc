import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { openXlsx, readWorkbookIndex } from '../../../server/core/formats/xlsx.ts';
import { openSource } from '../../../server/core/formats/source.ts';
import { reportsWorkbook } from '../../fixtures/imports/generate.ts';

async function* once(buffer: Buffer): AsyncIterable<Buffer> {
  yield buffer;
}

describe('the workbook index read before streaming', () => {
  it('reads sheet names, ids, states and relationships, prefixed tags and escaped names too', () => {
    const workbook = Buffer.from(
      '<x:workbook xmlns:x="m" xmlns:r="r"><x:workbookPr date1904="1"/><x:sheets>' +
        '<x:sheet name="说明" sheetId="1" state="hidden" r:id="rId3"/>' +
        '<x:sheet name=\'A&amp;B &#x6295;诉\' sheetId="7" r:id="rId4"/>' +
        '</x:sheets></x:workbook>',
    );
    const rels = Buffer.from(
      '<Relationships><Relationship Id="rId3" Type="t" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Target="worksheets/sheet2.xml" Id="rId4" Type="t"/></Relationships>',
    );
    expect(readWorkbookIndex(workbook, rels)).toEqual({
      sheets: [
        { id: 1, name: '说明', rId: 'rId3', state: 'hidden' },
        { id: 7, name: 'A&B 投诉', rId: 'rId4', state: 'visible' },
      ],
      relationships: [
        { Id: 'rId3', Target: 'worksheets/sheet1.xml' },
        { Id: 'rId4', Target: 'worksheets/sheet2.xml' },
      ],
      date1904: true,
    });
    expect(readWorkbookIndex(Buffer.from('<workbook><workbookPr/><sheets/></workbook>'), undefined)).toEqual({
      sheets: [],
      relationships: [],
      date1904: false,
    });
    expect(readWorkbookIndex(undefined, rels)).toBeNull();
  });

  it('names the sheets even when the streaming pass never delivers xl/workbook.xml', async () => {
    // exceljs writes xl/workbook.xml last and its streaming reader may lose that last entry (a race):
    // drop the entry outright, which the old reader always failed on with "reading 'sheets'".
    const zip = await JSZip.loadAsync(await reportsWorkbook());
    const workbookXml = Buffer.from(await zip.file('xl/workbook.xml')!.async('uint8array'));
    const relsXml = Buffer.from(await zip.file('xl/_rels/workbook.xml.rels')!.async('uint8array'));
    zip.remove('xl/workbook.xml');
    const withoutWorkbook = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const xlsx = await openXlsx(once(withoutWorkbook), '投诉记录', 500, readWorkbookIndex(workbookXml, relsXml));
    expect(xlsx.sheet).toBe('投诉记录');
    expect(xlsx.headers[0]).toBe('编号');
    const lines: number[] = [];
    for await (const r of xlsx.records) lines.push(r.line);
    expect(lines).toEqual([3, 4, 6]);
  });

  it('reads the same workbook many times at once without a failure', async () => {
    const buffer = await reportsWorkbook();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, async () => {
        const source = await openSource({ buffer }, { fileName: 'upload.bin', sheet: '投诉记录' });
        let rows = 0;
        for await (const _ of source.records) rows++;
        return rows;
      }),
    );
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : String(o.reason)))).toEqual(Array(40).fill(3));
  });
});
