import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ByteSource } from '../../../server/core/formats/byte-input.ts';
import { openSource } from '../../../server/core/formats/source.ts';
import type { SourceRecord } from '../../../server/core/formats/source-types.ts';
import { reportsWorkbook } from '../../fixtures/imports/generate.ts';

/** Bytes in memory behind the ByteSource interface, handed out in small chunks; counts the reads started and finished. */
function memorySource(bytes: Buffer, chunkBytes = 7): ByteSource & { started: number; finished: number } {
  const source = {
    started: 0,
    finished: 0,
    chunks() {
      source.started++;
      return (async function* () {
        try {
          for (let i = 0; i < bytes.length; i += chunkBytes) yield bytes.subarray(i, i + chunkBytes);
        } finally {
          source.finished++;
        }
      })();
    },
  };
  return source;
}

async function all(records: AsyncIterable<SourceRecord>): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const r of records) out.push(r);
  return out;
}

describe('openSource over a ByteSource', () => {
  it('reads a CSV in one pass, chunk boundaries anywhere, and hashes every byte', async () => {
    const csv = Buffer.from('\uFEFFid,lon,lat\nA-1,124.86,46.66\nA-2,124.78,46.58\n');
    const bytes = memorySource(csv);
    const source = await openSource({ bytes }, { fileName: 'reports.csv' });
    expect(source.format).toBe('csv');
    expect(source.headers).toEqual(['id', 'lon', 'lat']);
    expect((await all(source.records)).map((r) => [r.line, r.fields.id])).toEqual([
      [2, 'A-1'],
      [3, 'A-2'],
    ]);
    expect(await source.sha256()).toBe(createHash('sha256').update(csv).digest('hex'));
    expect(source.bytesRead()).toBe(csv.length);
    expect(bytes.started).toBe(1);
  });

  it('reads an XLSX twice from the start (survey, then parse) and gives the rows of the chosen sheet', async () => {
    const workbook = await reportsWorkbook();
    const bytes = memorySource(workbook, 4096);
    const source = await openSource({ bytes }, { fileName: 'reports.xlsx', sheet: '投诉记录' });
    const records = await all(source.records);
    expect(source.format).toBe('xlsx');
    expect(records.map((r) => r.fields.编号)).toEqual(['X-301', 'X-302', 'X-303']);
    expect(await source.sha256()).toBe(createHash('sha256').update(workbook).digest('hex'));
    expect(bytes.started).toBe(2);
    expect(bytes.finished).toBe(2);
  });
});
