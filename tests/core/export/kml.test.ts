import { describe, expect, it } from 'vitest';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { kmlColor, kmlWriter, sectorPolygon, toKml, writeAll, xmlText } from '../../../server/core/export/index.ts';

function parseXml(text: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') errors.push(message);
    },
  }).parseFromString(text, 'text/xml');
  expect(errors).toEqual([]);
  return doc;
}
const elements = (node: Document | Element, name: string) => Array.from(node.getElementsByTagName(name));
const coordinateList = (text: string) =>
  text
    .trim()
    .split(/\s+/)
    .map((p) => p.split(',').map(Number));

const wedge = sectorPolygon([124.85, 46.65], 120, 65, 500, 8);
const collection: GeoJSON.FeatureCollection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      id: 1,
      geometry: { type: 'Point', coordinates: [124.85, 46.65] },
      properties: { name: '铁人中学 <A&B>', technology: 'GSM', levelDbm: -92, cells: [{ code: 'G1' }] },
    },
    { type: 'Feature', id: 2, geometry: wedge, properties: { code: 'S1/G2', technology: 'CDMA', note: 'tab\there\u0001bell' } },
    {
      type: 'Feature',
      id: 3,
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 0],
            ],
            [
              [0.2, 0.1],
              [0.8, 0.1],
              [0.8, 0.7],
              [0.2, 0.1],
            ],
          ],
          [
            [
              [5, 5],
              [6, 5],
              [6, 6],
              [5, 5],
            ],
          ],
        ],
      },
      properties: { technology: 'GSM', note: null },
    },
  ],
};

describe('toKml', () => {
  const text = toKml(collection, { name: 'ranghulu & cells "2006"', description: '让胡路区', styleBy: 'technology' });
  const doc = parseXml(text);

  it('writes a KML 2.2 document whose name survives escaping', () => {
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(doc.documentElement!.getAttribute('xmlns')).toBe('http://www.opengis.net/kml/2.2');
    expect(elements(doc, 'Document')[0].getElementsByTagName('name')[0].textContent).toBe('ranghulu & cells "2006"');
  });

  it('writes one Placemark per feature with name, ExtendedData and geometry', () => {
    const placemarks = elements(doc, 'Placemark');
    expect(placemarks).toHaveLength(3);
    expect(placemarks.map((p) => p.getAttribute('id'))).toEqual(['f1', 'f2', 'f3']);
    expect(placemarks[0].getElementsByTagName('name')[0].textContent).toBe('铁人中学 <A&B>');
    expect(placemarks[1].getElementsByTagName('name')[0].textContent).toBe('S1/G2');
    expect(placemarks[2].getElementsByTagName('name')[0].textContent).toBe('3');
    const data = Object.fromEntries(elements(placemarks[0], 'Data').map((d) => [d.getAttribute('name'), d.textContent]));
    expect(data).toEqual({ name: '铁人中学 <A&B>', technology: 'GSM', levelDbm: '-92', cells: '[{"code":"G1"}]' });
    expect(coordinateList(placemarks[0].getElementsByTagName('coordinates')[0].textContent!)).toEqual([[124.85, 46.65]]);
  });

  it('keeps polygon rings (the sector wedge and a multipolygon with a hole)', () => {
    const [, wedgePlacemark, multi] = elements(doc, 'Placemark');
    const ring = coordinateList(elements(wedgePlacemark, 'outerBoundaryIs')[0].textContent!);
    expect(ring).toEqual(wedge.coordinates[0]);
    expect(elements(multi, 'Polygon')).toHaveLength(2);
    expect(elements(multi, 'innerBoundaryIs')).toHaveLength(1);
    expect(coordinateList(elements(multi, 'innerBoundaryIs')[0].textContent!)[1]).toEqual([0.8, 0.1]);
  });

  it('drops characters XML 1.0 cannot carry', () => {
    const note = elements(elements(doc, 'Placemark')[1], 'Data').find((d) => d.getAttribute('name') === 'note');
    expect(note!.textContent).toBe('tab\therebell');
    expect(xmlText('a\u0000b\uD800c<')).toBe('abc&lt;');
  });

  it('styles by a property: one Style per value, placemarks refer to theirs', () => {
    const styles = elements(doc, 'Style');
    expect(styles.map((s) => s.getAttribute('id'))).toEqual(['style-0', 'style-1']);
    const refs = elements(doc, 'Placemark').map((p) => p.getElementsByTagName('styleUrl')[0].textContent);
    // Values sorted: CDMA -> style-0, GSM -> style-1.
    expect(refs).toEqual(['#style-1', '#style-0', '#style-1']);
    expect(kmlColor('#1f77b4')).toBe('ffb4771f');
    expect(kmlColor('#1f77b4', 0x66)).toBe('66b4771f');
    expect(elements(styles[0], 'PolyStyle')[0].textContent).toBe(kmlColor('#1f77b4', 0x66));
  });

  it('streams in pages to the same document when the colours are given up front', () => {
    const options = { name: 'x', styleBy: { property: 'technology', colors: { GSM: '#1f77b4', CDMA: '#ff7f0e' } } };
    const writer = kmlWriter(options);
    const paged =
      writer.head() +
      writer.features(collection.features.slice(0, 2), 0) +
      writer.features(collection.features.slice(2), 2) +
      writer.tail();
    expect(paged).toBe(toKml(collection, options));
    expect(writeAll(writer, collection.features)).toBe(paged);
    expect(() => toKml(collection, { name: 'x', styleBy: { property: 'technology', colors: { GSM: 'blue' } } })).toThrow(
      /must be #rrggbb, got "blue"/,
    );
  });
});
