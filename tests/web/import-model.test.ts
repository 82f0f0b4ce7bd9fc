import { describe, expect, it } from 'vitest';
import type { ImportDetection } from '../../server/contract/imports.ts';
import { choose, emptyChoices, importFields, jobProgress, previewPoints, rowErrorsCsv } from '../../web/src/ui/import-model.ts';

const detection = {
  kind: 'reports',
  crs: 'gcj02',
  preview: [
    { line: 2, values: {}, position: [124.86, 46.66], errors: [] },
    { line: 3, values: {}, position: null, errors: [{ line: 3, column: '时间', value: 'x', reason: 'bad date' }] },
    { line: 4, values: {}, position: [124.8, 46.6], errors: [{ line: 4, column: '问题类型', value: '听不清', reason: 'unknown value' }] },
  ],
} as unknown as ImportDetection;

describe('import screen model', () => {
  it('sends only what the user chose for a detection, and the detected kind and CRS for a run', () => {
    expect(importFields(emptyChoices(), detection)).toEqual({
      kind: undefined,
      format: undefined,
      encoding: undefined,
      crs: undefined,
      sheet: undefined,
    });
    const chosen = {
      ...choose(emptyChoices(), 'encoding', 'gbk'),
      mapping: { 备注2: null, 工单: 'external_id' },
      values: { 问题类型: { 听不清: 'other' }, 空列: {} },
    };
    expect(importFields(chosen, detection, { dryRun: false })).toEqual({
      kind: 'reports',
      format: undefined,
      encoding: 'gbk',
      crs: 'gcj02',
      sheet: undefined,
      mapping: '{"备注2":null,"工单":"external_id"}',
      values: '{"问题类型":{"听不清":"other"}}',
      dryRun: 'false',
      partial: 'false',
    });
  });

  it('runs a dry run over the good rows, and an import as the user asked', () => {
    expect(importFields(emptyChoices(), detection, { dryRun: true })).toMatchObject({ dryRun: 'true', partial: 'true' });
    expect(importFields({ ...emptyChoices(), partial: true }, detection, { dryRun: false })).toMatchObject({ partial: 'true' });
  });

  it('forgets the column mapping when the kind changes, and an emptied choice', () => {
    const mapped = { ...emptyChoices(), kind: 'reports', mapping: { a: 'lon' } };
    expect(choose(mapped, 'kind', 'cells')).toMatchObject({ kind: 'cells', mapping: {} });
    expect(choose(mapped, 'kind', 'reports').mapping).toEqual({ a: 'lon' });
    expect(choose({ ...mapped, crs: 'bd09' }, 'crs', '').crs).toBeUndefined();
  });

  it('writes the row errors as a spreadsheet-safe CSV with a BOM', () => {
    const csv = rowErrorsCsv(
      [
        { line: 7, column: '时间', value: '2006-13-45', reason: 'not a date' },
        { line: 9, column: '备注', value: '=HYPERLINK("x")', reason: 'too long, really' },
      ],
      ['行号', '列名', '原值', '原因'],
    );
    expect(csv).toBe('\uFEFF行号,列名,原值,原因\r\n7,时间,2006-13-45,not a date\r\n9,备注,"\'=HYPERLINK(""x"")","too long, really"\r\n');
  });

  it('reads a job as a fraction of its file, and the preview rows with a position as points', () => {
    expect(jobProgress({ state: 'running', bytesRead: 250, bytesTotal: 1000 })).toBe(0.25);
    expect(jobProgress({ state: 'running', bytesRead: 0, bytesTotal: 0 })).toBe(0);
    expect(jobProgress({ state: 'failed', bytesRead: 10, bytesTotal: 1000 })).toBe(1);
    expect(previewPoints(detection).features.map((f) => [f.geometry.coordinates, f.properties])).toEqual([
      [[124.86, 46.66], { line: 2, bad: false }],
      [[124.8, 46.6], { line: 4, bad: true }],
    ]);
  });
});
