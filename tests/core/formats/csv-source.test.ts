import iconv from 'iconv-lite';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../server/core/formats/errors.ts';
import { openSource } from '../../../server/core/formats/source.ts';
import type { OpenSourceOptions, SourceRecord } from '../../../server/core/formats/source-types.ts';
import { createHash } from 'node:crypto';

async function readAll(buffer: Buffer, opts: Partial<OpenSourceOptions> = {}) {
  const source = await openSource({ buffer }, { fileName: 'data.csv', ...opts });
  const records: SourceRecord[] = [];
  for await (const r of source.records) records.push(r);
  return { source, records, sha256: await source.sha256() };
}

const CHINESE_CSV = '编号,经度,纬度,问题类型,地址\nR1,124.87,46.65,信号弱,让胡路区西宾路\nR2,124.88,46.66,无信号,喇嘛甸镇富强村\n';

describe('openSource: CSV', () => {
  it('detects GBK and decodes Chinese headers and values', async () => {
    const { source, records } = await readAll(iconv.encode(CHINESE_CSV, 'gbk'));
    expect(source.format).toBe('csv');
    expect(source.encoding).toBe('gbk');
    expect(source.headers).toEqual(['编号', '经度', '纬度', '问题类型', '地址']);
    expect(records[1].fields).toEqual({ 编号: 'R2', 经度: '124.88', 纬度: '46.66', 问题类型: '无信号', 地址: '喇嘛甸镇富强村' });
  });

  it('detects UTF-8 with and without BOM', async () => {
    const plain = await readAll(Buffer.from(CHINESE_CSV, 'utf8'));
    expect(plain.source.encoding).toBe('utf8');
    expect(plain.source.headers[0]).toBe('编号');
    const bom = await readAll(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CHINESE_CSV, 'utf8')]));
    expect(bom.source.encoding).toBe('utf8');
    expect(bom.source.headers[0]).toBe('编号');
    expect(bom.records).toEqual(plain.records);
  });

  it('detects GBK when the first non-ASCII byte comes late, across small stream chunks', async () => {
    const rows = ['code,lon,lat,note'];
    for (let i = 0; i < 3000; i++) rows.push(`S${i},124.8,46.6,ok`);
    rows.push('S9999,124.8,46.6,宏伟二村');
    const bytes = iconv.encode(rows.join('\r\n') + '\r\n', 'gbk');
    const chunks = [];
    for (let i = 0; i < bytes.length; i += 1000) chunks.push(bytes.subarray(i, i + 1000));
    const source = await openSource({ stream: Readable.from(chunks) }, { fileName: 'x.csv' });
    const records: SourceRecord[] = [];
    for await (const r of source.records) records.push(r);
    expect(source.encoding).toBe('gbk');
    expect(records.at(-1)).toEqual({ line: 3002, fields: { code: 'S9999', lon: '124.8', lat: '46.6', note: '宏伟二村' } });
    expect(await source.sha256()).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('rejects GBK bytes when UTF-8 is forced, naming the fix', async () => {
    await expect(readAll(iconv.encode(CHINESE_CSV, 'gbk'), { encoding: 'utf8' })).rejects.toThrow(/not valid UTF-8.*gbk/);
  });

  it('numbers lines as a spreadsheet does: title rows, blank rows and multi-line cells', async () => {
    const text =
      '让胡路区投诉汇总表,,,\n,,,\ncode,lon,lat,note\nA,124.8,46.6,one\n\n"B",124.8,46.6,"two\nlines"\nC,124.8,46.6,three\n,,,\n';
    const { source, records } = await readAll(Buffer.from(text));
    expect(source.headers).toEqual(['code', 'lon', 'lat', 'note']);
    expect(source.warnings).toEqual(['rows 1-2 above the header skipped']);
    expect(records.map((r) => [r.line, r.fields.code])).toEqual([
      [4, 'A'],
      [6, 'B'],
      [7, 'C'],
    ]);
    expect(records[1].fields.note).toBe('two\nlines');
  });

  it('sniffs tab and semicolon delimiters and trims cells', async () => {
    const tab = await readAll(Buffer.from('code\tlon\tlat\n A \t124.8\t46.6\n'), { fileName: 'x.txt' });
    expect(tab.records[0].fields).toEqual({ code: 'A', lon: '124.8', lat: '46.6' });
    const semi = await readAll(Buffer.from('code;lon;lat\nA;124,8;46,6\n'));
    expect(semi.records[0].fields).toEqual({ code: 'A', lon: '124,8', lat: '46,6' });
  });

  it('keeps repeated column names apart and reports cells beyond the header', async () => {
    const { source, records } = await readAll(Buffer.from('note,note,lon\na,b,1,extra\n'));
    expect(source.headers).toEqual(['note', 'note (2)', 'lon']);
    expect(records[0]).toEqual({ line: 2, fields: { note: 'a', 'note (2)': 'b', lon: '1' }, extraFields: ['extra'] });
  });

  it('recognises an OpenCelliD export by its header', async () => {
    const { source } = await readAll(
      Buffer.from(
        'radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal\nGSM,460,1,1,1,0,124.8,46.6,1000,3,1,0,0,0\n',
      ),
    );
    expect(source.format).toBe('opencellid');
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'empty-file'],
    ['a header-less file', Buffer.from('just one column\n'), 'empty-file'],
    ['a binary file', Buffer.from([0x01, 0x02, 0x00, 0x03, 0x41, 0x42]), 'binary-file'],
    ['an old .xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'unsupported-format'],
    ['UTF-16 text', Buffer.from('\ufeffcode,lon\n', 'utf16le'), 'bad-encoding'],
    ['an unclosed quote', Buffer.from('code,lon\n"A,1\n'), 'malformed-file'],
  ])('fails clearly on %s', async (_what, buffer, code) => {
    const error = await readAll(buffer).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).code).toBe(code);
  });
});
