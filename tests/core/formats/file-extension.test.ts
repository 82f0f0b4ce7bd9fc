import { posix } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../server/core/formats/detect.ts';
import { fileExtension } from '../../../server/core/formats/file-extension.ts';

describe('fileExtension', () => {
  it('takes the last dot of the last segment, and none that starts the name', () => {
    expect(fileExtension('reports.csv')).toBe('.csv');
    expect(fileExtension('报表.2006.XLSX')).toBe('.XLSX');
    expect(fileExtension('uploads/v1.2/sites')).toBe('');
    expect(fileExtension('.hidden')).toBe('');
    expect(fileExtension('..')).toBe('');
    expect(fileExtension('name.')).toBe('.');
    expect(fileExtension('dir/cells.kml/')).toBe('.kml');
    expect(fileExtension('')).toBe('');
  });

  it("answers as Node's path.posix.extname for any name", () => {
    const name = fc.string({ unit: fc.constantFrom('a', 'b', '.', '/', ' ', '\\'), maxLength: 12 });
    fc.assert(
      fc.property(name, (n) => fileExtension(n) === posix.extname(n)),
      { numRuns: 5000, seed: 14 },
    );
  });

  it('lets detectFormat tell a zip by the extension of the name, not of a folder', () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
    expect(detectFormat('survey.2006/places.KMZ', zip)).toBe('kmz');
    expect(detectFormat('sites.xlsx/upload', zip)).toBe('zip');
    expect(() => detectFormat('field/report.kml', Buffer.from('code,name\nS1,Longnan\n'))).toThrow(/does not start like XML/);
  });
});
