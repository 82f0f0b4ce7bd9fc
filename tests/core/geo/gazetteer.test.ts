import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  createGazetteer,
  normaliseAddress,
  placeAnchor,
  PLACE_KIND_RADIUS_M,
  type GazetteerPlace,
} from '../../../server/core/geo/gazetteer.ts';

/** A square polygon of side `sizeDeg` degrees centred on [lon, lat]. */
function square(lon: number, lat: number, sizeDeg: number): GeoJSON.Polygon {
  const h = sizeDeg / 2;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lon - h, lat - h],
        [lon + h, lat - h],
        [lon + h, lat + h],
        [lon - h, lat + h],
        [lon - h, lat - h],
      ],
    ],
  };
}

const point = (lon: number, lat: number): GeoJSON.Point => ({ type: 'Point', coordinates: [lon, lat] });

const PLACES: GazetteerPlace[] = [
  { id: 1, code: 'town-lamadian', name: '喇嘛甸镇', aliases: ['喇嘛甸'], kind: 'town', geometry: square(124.745, 46.905, 0.04) },
  { id: 2, code: 'village-fuqiang', name: '富强村', aliases: ['喇嘛甸镇富强村'], kind: 'village', geometry: point(124.6553, 46.9548) },
  { id: 3, code: 'longnan', name: '龙南', aliases: [], kind: 'town', geometry: square(124.8795, 46.5905, 0.05) },
  {
    id: 4,
    code: 'hall-longnan',
    name: '龙南营业厅',
    aliases: ['龙南联通营业厅'],
    kind: 'business-hall',
    geometry: point(124.8842, 46.5884),
  },
  { id: 5, code: 'estate-yinyi', name: '银亿阳光城', aliases: ['银亿小区'], kind: 'estate', geometry: square(124.8035, 46.6005, 0.01) },
  {
    id: 6,
    code: 'liuchang',
    name: '六厂生活区',
    aliases: ['采油六厂生活区', '采油六厂家属区'],
    kind: 'estate',
    geometry: square(124.778, 46.832, 0.02),
  },
  { id: 7, code: 'plant-liuchang', name: '采油六厂', aliases: ['六厂'], kind: 'landmark', geometry: point(124.7782, 46.8338) },
  // Same name length as 东湖 below: the smaller place wins.
  { id: 8, code: 'donghu-town', name: '东湖', aliases: [], kind: 'town', geometry: square(124.96, 46.77, 0.05) },
  { id: 9, code: 'donghu-estate', name: '东湖', aliases: [], kind: 'estate', geometry: square(124.96, 46.77, 0.005) },
  { id: 10, code: 'building-wuzi', name: '物资大厦', aliases: ['Wuzi Building'], kind: 'building', geometry: point(124.8694, 46.6571) },
];

describe('the gazetteer locator', () => {
  const gazetteer = createGazetteer(PLACES);

  it.each([
    // address, expected place code, the name or alias that matched
    ['喇嘛甸镇富强村3组', 'village-fuqiang', '喇嘛甸镇富强村'],
    ['大庆市让胡路区喇嘛甸镇富强村四屯', 'village-fuqiang', '喇嘛甸镇富强村'],
    ['富强村二屯', 'village-fuqiang', '富强村'],
    ['喇嘛甸镇政府对面', 'town-lamadian', '喇嘛甸镇'],
    ['喇嘛甸火车站', 'town-lamadian', '喇嘛甸'],
    ['大庆市让胡路区龙南二区5号楼', 'longnan', '龙南'],
    ['龙南营业厅门口', 'hall-longnan', '龙南营业厅'],
    ['龙南联通营业厅', 'hall-longnan', '龙南联通营业厅'],
    ['大庆市让胡路区银亿阳光城12号楼3单元15层', 'estate-yinyi', '银亿阳光城'],
    ['银亿小区 8 栋', 'estate-yinyi', '银亿小区'],
    ['采油六厂生活区3栋', 'liuchang', '采油六厂生活区'],
    ['采油六厂家属区', 'liuchang', '采油六厂家属区'],
    ['采油六厂机关大楼', 'plant-liuchang', '采油六厂'],
    ['六厂作业区', 'plant-liuchang', '六厂'],
    ['东湖三区', 'donghu-estate', '东湖'],
    // full-width characters and spaces are normalised
    ['喇嘛甸镇　富强村３组', 'village-fuqiang', '喇嘛甸镇富强村'],
    ['银 亿 阳 光 城', 'estate-yinyi', '银亿阳光城'],
    ['ＷＵＺＩ　ＢＵＩＬＤＩＮＧ 2F', 'building-wuzi', 'Wuzi Building'],
  ])('"%s" → %s (matched %s)', (address, code, matched) => {
    const m = gazetteer.locate(address);
    expect(m?.place.code).toBe(code);
    expect(m?.matched).toBe(matched);
  });

  it.each(['大庆市让胡路区北湖路138号', '', '   ', '让胡路区'])('"%s" matches no place', (address) => {
    expect(gazetteer.locate(address)).toBeNull();
  });

  it('places a point place at the point with its kind radius', () => {
    const m = gazetteer.locate('富强村')!;
    expect([m.lon, m.lat]).toEqual([124.6553, 46.9548]);
    expect(m.radiusM).toBe(PLACE_KIND_RADIUS_M.village);
    expect(gazetteer.locate('物资大厦')!.radiusM).toBe(50);
  });

  it('places a polygon place at a point inside it, with the radius of the circle of the same area', () => {
    const m = gazetteer.locate('龙南一区')!;
    expect(m.lon).toBeCloseTo(124.8795, 4);
    expect(m.lat).toBeCloseTo(46.5905, 4);
    // 0.05° × 0.05° at 46.59° N: about 3,826 m × 5,559 m = 21.27 km², radius of the same area ≈ 2,602 m.
    expect(m.radiusM).toBeGreaterThan(2550);
    expect(m.radiusM).toBeLessThan(2650);
  });

  it('takes a representative point inside a polygon whose centroid is outside', () => {
    // A U shape: the centroid of the two arms and the base lies in the notch.
    const u: GeoJSON.Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [3, 0],
          [3, 3],
          [2, 3],
          [2, 1],
          [1, 1],
          [1, 3],
          [0, 3],
          [0, 0],
        ],
      ],
    };
    const a = placeAnchor({ kind: 'estate', geometry: u });
    const inNotch = a.lon > 1 && a.lon < 2 && a.lat > 1;
    expect(inNotch).toBe(false);
  });

  it('normalises full-width characters and white space', () => {
    expect(normaliseAddress('　富强村 ３组\t')).toBe('富强村3组');
    expect(normaliseAddress('ＡＢＣ')).toBe('abc');
  });

  it('is empty for an empty gazetteer', () => {
    expect(createGazetteer([]).locate('富强村')).toBeNull();
  });
});

describe('the Ranghulu demo gazetteer', () => {
  const dir = fileURLToPath(new URL('../../../geo-data/ranghulu/', import.meta.url));
  const fc = JSON.parse(readFileSync(dir + 'places.geojson', 'utf8')) as GeoJSON.FeatureCollection<
    GeoJSON.Point | GeoJSON.Polygon,
    { code: string; name: string; aliases: string[]; kind: GazetteerPlace['kind'] }
  >;
  const gazetteer = createGazetteer(
    fc.features.map((f, i) => ({
      id: i + 1,
      code: f.properties.code,
      name: f.properties.name,
      aliases: f.properties.aliases,
      kind: f.properties.kind,
      geometry: f.geometry,
    })),
  );

  it.each([
    ['大庆市让胡路区喇嘛甸镇富强村四屯', 'village-fuqiang'],
    ['大庆市让胡路区喇嘛甸镇政府', 'town-lamadian'],
    ['大庆市让胡路区采油六厂生活区', 'settlement-liuchang'],
    ['大庆市让胡路区采油六厂中心化验室', 'plant-liuchang'],
    ['大庆市让胡路区龙南二区', 'settlement-longnan'],
    ['大庆市让胡路区龙南营业厅', 'hall-longnan'],
    ['大庆市让胡路区银亿阳光城12号楼3单元15层', 'estate-yinyi'],
    ['大庆市让胡路区方晓小区3号楼2单元', 'area-fangxiao'],
  ])('places "%s" at %s', (address, code) => {
    expect(gazetteer.locate(address)?.place.code).toBe(code);
  });

  it('places most addresses of the demo reports, and none merely for naming the district', () => {
    const lines = readFileSync(dir + 'reports.csv', 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    const placed = lines.filter((l) => gazetteer.locate(l.split(',')[9]) !== null).length;
    // 2,490 of 3,000: the rest give only a street and number in the centre (北湖路138号).
    expect(placed).toBe(2490);
    expect(gazetteer.locate('大庆市让胡路区北湖路138号')).toBeNull();
  });
});
