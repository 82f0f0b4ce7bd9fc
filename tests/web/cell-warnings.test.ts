import { describe, expect, it } from 'vitest';
import type { CellWarning } from '../../web/src/api/types.ts';
import { createTranslator } from '../../web/src/i18n/index.ts';
import { skippedCellsText } from '../../web/src/ui/cell-warnings.ts';

const warning = (cell: string, field: string, value: number | null): CellWarning => ({
  code: 'cell_skipped',
  cell,
  technology: 'GSM',
  field,
  value,
  problem: 'below the minimum',
  reason: 'why',
  message: `cell ${cell} skipped: ${field} ${value}`,
});

describe('skippedCellsText', () => {
  it('is null when no cell was left out', () => {
    expect(skippedCellsText(createTranslator('en'), 'en', [])).toBeNull();
  });

  it('names each cell once with its fields, whatever the number of figures that repeat it', () => {
    const warnings = [
      warning('B/G9', 'heightM', 0),
      warning('C/G8', 'powerDbm', null),
      warning('C/G8', 'tiltDeg', 90),
      warning('B/G9', 'heightM', 0),
    ];
    expect(skippedCellsText(createTranslator('en'), 'en', warnings)).toBe(
      '2 cell(s) left out of coverage, a parameter out of range (the figures are without them): B/G9 (heightM), C/G8 (powerDbm, tiltDeg)',
    );
    expect(skippedCellsText(createTranslator('zh-CN'), 'zh-CN', warnings)).toBe(
      '2 个小区参数超出范围，未参与覆盖计算（以上数字不含这些小区）：B/G9 (heightM)、C/G8 (powerDbm, tiltDeg)',
    );
  });
});
