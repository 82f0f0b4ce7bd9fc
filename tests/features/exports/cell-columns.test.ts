import { describe, expect, it } from 'vitest';
import type { AnyFeature } from '../../../server/core/export/index.ts';
import { sitesSource } from '../../../server/features/exports/site-sources.ts';
import { candidatesSource } from '../../../server/features/exports/candidate-source.ts';

const column = (columns: typeof sitesSource.csvColumns, header: string) => {
  const found = columns.find((c) => c.header === header);
  if (!found) throw new Error(`no column ${header}`);
  return (f: AnyFeature) => found.value(f);
};

const point = (properties: AnyFeature['properties']): AnyFeature => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [124.85, 46.65] },
  properties,
});

describe('the CSV columns read from the cells of a site or candidate', () => {
  it('count, list technologies and azimuths of the cells', () => {
    const f = point({
      cells: [
        { technology: 'GSM', azimuthDeg: 0 },
        { technology: 'CDMA', azimuthDeg: null },
        { technology: 'GSM', azimuthDeg: 240 },
      ],
    });
    expect(column(sitesSource.csvColumns, 'cellCount')(f)).toBe(3);
    expect(column(sitesSource.csvColumns, 'technologies')(f)).toBe('CDMA;GSM');
    expect(column(candidatesSource.csvColumns, 'cellCount')(f)).toBe(3);
    expect(column(candidatesSource.csvColumns, 'azimuthsDeg')(f)).toBe('0;240');
  });

  it('read a feature without properties as one without cells, instead of throwing', () => {
    const f = point(null);
    expect(column(sitesSource.csvColumns, 'cellCount')(f)).toBe(0);
    expect(column(sitesSource.csvColumns, 'technologies')(f)).toBe('');
    expect(column(candidatesSource.csvColumns, 'cellCount')(f)).toBe(0);
    expect(column(candidatesSource.csvColumns, 'azimuthsDeg')(f)).toBe('');
  });
});
