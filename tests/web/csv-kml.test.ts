import { describe, expect, it } from 'vitest';
import { toCsv, UTF8_BOM } from '../../web/src/lib/csv.ts';
import { escapeXml, placemarksKml } from '../../web/src/lib/kml.ts';

describe('toCsv', () => {
  it('starts with a BOM and ends rows with CRLF', () => {
    expect(
      toCsv([
        ['方案', '制式'],
        ['现网', 92.63],
      ]),
    ).toBe(`${UTF8_BOM}方案,制式\r\n现网,92.63\r\n`);
    expect(toCsv([['a']], false)).toBe('a\r\n');
  });

  it('quotes commas, quotes, line breaks and edge blanks', () => {
    expect(toCsv([['a,b', 'say "hi"', 'two\nlines', ' pad']], false)).toBe('"a,b","say ""hi""","two\nlines"," pad"\r\n');
  });

  it('keeps numbers as numbers and writes nothing for missing values', () => {
    expect(toCsv([[-155, 0, null, undefined, Number.NaN]], false)).toBe('-155,0,,,\r\n');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(toCsv([['=HYPERLINK("x")', '+1', '-2', '@cmd']], false)).toBe(`"'=HYPERLINK(""x"")",'+1,'-2,'@cmd\r\n`);
  });
});

describe('placemarksKml', () => {
  it('writes one escaped placemark per point, coordinates lon,lat', () => {
    const kml = placemarksKml('方案 <1>', [
      { name: 'CAND-003 富强村 & 新站', lonLat: [124.6571, 46.9531], data: { order: 1, cost: null } },
    ]);
    expect(kml).toContain('<name>方案 &lt;1&gt;</name>');
    expect(kml).toContain('<name>CAND-003 富强村 &amp; 新站</name>');
    expect(kml).toContain('<coordinates>124.6571,46.9531,0</coordinates>');
    expect(kml).toContain('<Data name="order"><value>1</value></Data><Data name="cost"><value></value></Data>');
    expect(kml.match(/<Placemark>/g)).toHaveLength(1);
    expect(escapeXml(`'"`)).toBe('&apos;&quot;');
  });
});
