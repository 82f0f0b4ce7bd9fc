/**
 * Where things are: the named places of the 2006 yearbook entry, the built-up clusters, lakes and
 * villages of the synthetic Ranghulu District. Positions are plausible, not surveyed: every one of them
 * is marked approximate in the output. Coordinates are [lon, lat] WGS84.
 */
import type { EnvironmentClass, LonLat, PlaceKind } from '../../server/core/model.ts';

export interface NamedPlace {
  code: string;
  nameZh: string;
  nameEn: string;
  /** The gazetteer's kinds (PLACE_KINDS): the school and the oil plant are landmarks, Fangxiao and Hongwei Er Cun estates. */
  kind: PlaceKind;
  position: LonLat;
  /** Other names addresses use for the place (the gazetteer's aliases). */
  aliases: readonly string[];
}

/** The landmarks DOMAIN.md names (places.geojson). */
export const NAMED_PLACES: readonly NamedPlace[] = [
  {
    code: 'hall-longnan',
    nameZh: '龙南营业厅',
    nameEn: 'Longnan business hall',
    kind: 'business-hall',
    position: [124.8842, 46.5884],
    aliases: ['龙南联通营业厅'],
  },
  {
    code: 'hall-chengfeng',
    nameZh: '乘风营业厅',
    nameEn: 'Chengfeng business hall',
    kind: 'business-hall',
    position: [124.8166, 46.6683],
    aliases: ['乘风联通营业厅'],
  },
  {
    code: 'hall-donghu',
    nameZh: '东湖营业厅',
    nameEn: 'Donghu business hall',
    kind: 'business-hall',
    position: [124.9598, 46.7712],
    aliases: ['东湖联通营业厅'],
  },
  {
    code: 'school-tieren',
    nameZh: '铁人中学',
    nameEn: 'Tieren Middle School',
    kind: 'landmark',
    position: [124.8528, 46.6496],
    aliases: ['大庆铁人中学'],
  },
  {
    code: 'building-wuzi',
    nameZh: '物资大厦',
    nameEn: 'Wuzi Building',
    kind: 'building',
    position: [124.8694, 46.6571],
    aliases: ['物资大楼'],
  },
  {
    code: 'estate-yuanwang',
    nameZh: '远望高层',
    nameEn: 'Yuanwang high-rise',
    kind: 'estate',
    position: [124.8712, 46.6608],
    aliases: ['远望小区', '远望高层住宅'],
  },
  {
    code: 'plant-liuchang',
    nameZh: '六厂（采油六厂）',
    nameEn: 'Liuchang (No. 6 Oil Production Plant)',
    kind: 'landmark',
    position: [124.7782, 46.8338],
    aliases: ['采油六厂', '六厂'],
  },
  { code: 'area-fangxiao', nameZh: '方晓', nameEn: 'Fangxiao', kind: 'estate', position: [124.7748, 46.5853], aliases: ['方晓小区'] },
  {
    code: 'area-hongwei-ercun',
    nameZh: '宏伟二村',
    nameEn: 'Hongwei Er Cun',
    kind: 'estate',
    position: [124.7046, 46.6652],
    aliases: ['宏伟2村'],
  },
  {
    code: 'estate-yinyi',
    nameZh: '银亿阳光城',
    nameEn: 'Yinyi Sunshine City',
    kind: 'estate',
    position: [124.8035, 46.6005],
    aliases: ['银亿小区', '银亿阳光城小区'],
  },
  {
    code: 'estate-lishui',
    nameZh: '丽水华城',
    nameEn: 'Lishui Huacheng',
    kind: 'estate',
    position: [124.9152, 46.7225],
    aliases: ['丽水华城小区', '丽水小区'],
  },
  {
    code: 'village-fuqiang',
    nameZh: '富强村',
    nameEn: 'Fuqiang Village',
    kind: 'village',
    position: [124.6553, 46.9548],
    aliases: ['喇嘛甸镇富强村', '富强屯'],
  },
  {
    code: 'town-lamadian',
    nameZh: '喇嘛甸镇',
    nameEn: 'Lamadian Town',
    kind: 'town',
    position: [124.7452, 46.9046],
    aliases: ['喇嘛甸', '喇嘛甸乡'],
  },
];

/**
 * Aliases of the settlements that are not named places, for the gazetteer (places.geojson): the
 * words complaint tickets use for them. Not "让胡路": every address of the district contains it.
 */
export const SETTLEMENT_ALIASES: Readonly<Record<string, readonly string[]>> = {
  'rhl-centre': ['让胡路中心区'],
  chengfeng: ['乘风庄'],
  donghu: ['东湖小区'],
  liuchang: ['采油六厂生活区', '采油六厂家属区', '六厂家属区'],
};

export function placeByCode(code: string): NamedPlace {
  const place = NAMED_PLACES.find((p) => p.code === code);
  if (!place) throw new Error(`unknown place "${code}"`);
  return place;
}

/** A built-up area: one settlement polygon and its clutter (optionally with an urban-large core). */
export interface BuiltUpArea {
  code: string;
  nameZh: string;
  nameEn: string;
  center: LonLat;
  radiusKm: number;
  elongation: number;
  orientationDeg: number;
  environment: EnvironmentClass;
  /** Radius of an urban-large core as a fraction of the area (cut as a hole from the urban polygon). */
  coreFraction?: number;
  population: number;
}

export const BUILT_UP_AREAS: readonly BuiltUpArea[] = [
  {
    code: 'rhl-centre',
    nameZh: '让胡路城区',
    nameEn: 'Ranghulu centre',
    center: [124.8625, 46.6555],
    radiusKm: 2.8,
    elongation: 1.35,
    orientationDeg: 25,
    environment: 'urban',
    coreFraction: 0.42,
    population: 186_400,
  },
  {
    code: 'longnan',
    nameZh: '龙南',
    nameEn: 'Longnan',
    center: [124.8795, 46.5905],
    radiusKm: 2.3,
    elongation: 1.3,
    orientationDeg: 10,
    environment: 'urban',
    coreFraction: 0.38,
    population: 99_000,
  },
  {
    code: 'chengfeng',
    nameZh: '乘风',
    nameEn: 'Chengfeng',
    center: [124.8055, 46.6725],
    radiusKm: 1.7,
    elongation: 1.25,
    orientationDeg: 60,
    environment: 'urban',
    population: 61_500,
  },
  {
    code: 'donghu',
    nameZh: '东湖',
    nameEn: 'Donghu',
    center: [124.9585, 46.7705],
    radiusKm: 1.6,
    elongation: 1.2,
    orientationDeg: 120,
    environment: 'urban',
    population: 47_500,
  },
  {
    code: 'yinyi',
    nameZh: '银亿阳光城',
    nameEn: 'Yinyi Sunshine City',
    center: [124.8035, 46.6005],
    radiusKm: 0.6,
    elongation: 1.3,
    orientationDeg: 90,
    environment: 'urban',
    population: 18_500,
  },
  {
    code: 'lishui',
    nameZh: '丽水华城',
    nameEn: 'Lishui Huacheng',
    center: [124.9152, 46.7225],
    radiusKm: 0.55,
    elongation: 1.2,
    orientationDeg: 30,
    environment: 'urban',
    population: 14_200,
  },
  {
    code: 'hongwei-ercun',
    nameZh: '宏伟二村',
    nameEn: 'Hongwei Er Cun',
    center: [124.7046, 46.6652],
    radiusKm: 0.55,
    elongation: 1.2,
    orientationDeg: 0,
    environment: 'urban',
    population: 9_300,
  },
  {
    code: 'fangxiao',
    nameZh: '方晓',
    nameEn: 'Fangxiao',
    center: [124.7748, 46.5853],
    radiusKm: 0.8,
    elongation: 1.2,
    orientationDeg: 45,
    environment: 'suburban',
    population: 11_200,
  },
  {
    code: 'liuchang',
    nameZh: '六厂生活区',
    nameEn: 'Liuchang living quarters',
    center: [124.7782, 46.8338],
    radiusKm: 1.1,
    elongation: 1.4,
    orientationDeg: 100,
    environment: 'suburban',
    population: 16_400,
  },
  {
    code: 'lamadian',
    nameZh: '喇嘛甸镇',
    nameEn: 'Lamadian Town',
    center: [124.7452, 46.9046],
    radiusKm: 1.2,
    elongation: 1.3,
    orientationDeg: 150,
    environment: 'suburban',
    population: 23_800,
  },
];

/** Small villages (settlement Points; default clutter around them). */
export interface Village {
  code: string;
  nameZh: string;
  nameEn: string;
  position: LonLat;
  population: number;
}

export const VILLAGES: readonly Village[] = [
  { code: 'fuqiang', nameZh: '富强村', nameEn: 'Fuqiang Village', position: [124.6553, 46.9548], population: 2_350 },
  { code: 'shengli', nameZh: '胜利村', nameEn: 'Shengli Village', position: [124.7052, 46.8988], population: 1_480 },
  { code: 'dongsheng', nameZh: '东升村', nameEn: 'Dongsheng Village', position: [124.7521, 47.0046], population: 1_260 },
  { code: 'tuanjie', nameZh: '团结村', nameEn: 'Tuanjie Village', position: [124.7213, 46.8702], population: 1_120 },
  { code: 'hongqi', nameZh: '红旗村', nameEn: 'Hongqi Village', position: [124.7188, 46.4697], population: 2_050 },
  { code: 'yongfeng', nameZh: '永丰村', nameEn: 'Yongfeng Village', position: [124.6822, 46.5402], population: 1_830 },
  { code: 'qianjin', nameZh: '前进村', nameEn: 'Qianjin Village', position: [124.8207, 46.5114], population: 1_940 },
  { code: 'changqing', nameZh: '长青村', nameEn: 'Changqing Village', position: [124.7431, 46.5226], population: 1_570 },
  { code: 'taiping', nameZh: '太平村', nameEn: 'Taiping Village', position: [124.6821, 46.6385], population: 1_690 },
  { code: 'xinglong', nameZh: '兴隆村', nameEn: 'Xinglong Village', position: [124.6633, 46.7208], population: 1_410 },
  { code: 'youyi', nameZh: '友谊村', nameEn: 'Youyi Village', position: [124.7507, 46.7893], population: 1_760 },
  { code: 'guangming', nameZh: '光明村', nameEn: 'Guangming Village', position: [124.8812, 46.8008], population: 1_350 },
  { code: 'xinhua', nameZh: '新华村', nameEn: 'Xinhua Village', position: [124.9883, 46.8102], population: 1_220 },
  { code: 'heping', nameZh: '和平村', nameEn: 'Heping Village', position: [124.6912, 46.8105], population: 1_170 },
];

/** Clutter-only areas: oilfield works (suburban) and lakes, wetlands, open grassland (rural = open area). */
export interface OpenArea {
  code: string;
  nameZh: string;
  nameEn: string;
  center: LonLat;
  radiusKm: number;
  elongation: number;
  orientationDeg: number;
  environment: EnvironmentClass;
}

export const OPEN_AREAS: readonly OpenArea[] = [
  {
    code: 'lake-heiyu',
    nameZh: '黑鱼湖湿地',
    nameEn: 'Heiyu Lake wetland',
    center: [124.7452, 46.7058],
    radiusKm: 2.0,
    elongation: 1.8,
    orientationDeg: 35,
    environment: 'rural',
  },
  {
    code: 'lake-dong',
    nameZh: '东湖水面',
    nameEn: 'Dong Lake',
    center: [124.9183, 46.7862],
    radiusKm: 1.1,
    elongation: 1.4,
    orientationDeg: 160,
    environment: 'rural',
  },
  {
    code: 'lake-daqing-pao',
    nameZh: '大青泡',
    nameEn: 'Daqing Pao (lake)',
    center: [124.6701, 46.4983],
    radiusKm: 1.9,
    elongation: 1.5,
    orientationDeg: 20,
    environment: 'rural',
  },
  {
    code: 'lake-xiaoqing-pao',
    nameZh: '小青泡',
    nameEn: 'Xiaoqing Pao (lake)',
    center: [124.7952, 46.4801],
    radiusKm: 1.2,
    elongation: 1.3,
    orientationDeg: 70,
    environment: 'rural',
  },
  {
    code: 'lake-bei-ershili-pao',
    nameZh: '北二十里泡',
    nameEn: 'Bei Ershili Pao (lake)',
    center: [124.9518, 46.8123],
    radiusKm: 1.4,
    elongation: 1.6,
    orientationDeg: 100,
    environment: 'rural',
  },
  {
    code: 'marsh-lamadian',
    nameZh: '喇嘛甸苇塘',
    nameEn: 'Lamadian reed marsh',
    center: [124.6962, 46.9352],
    radiusKm: 1.4,
    elongation: 1.7,
    orientationDeg: 125,
    environment: 'rural',
  },
  {
    code: 'lake-jianpaozi',
    nameZh: '碱泡子',
    nameEn: 'Jianpaozi (saline pond)',
    center: [124.6598, 46.7655],
    radiusKm: 1.1,
    elongation: 1.3,
    orientationDeg: 10,
    environment: 'rural',
  },
  {
    code: 'lake-hongqi-pao',
    nameZh: '红旗泡',
    nameEn: 'Hongqi Pao (lake)',
    center: [124.7585, 46.4412],
    radiusKm: 1.0,
    elongation: 1.5,
    orientationDeg: 80,
    environment: 'rural',
  },
  {
    code: 'lake-nanhu',
    nameZh: '南湖',
    nameEn: 'Nanhu (South Lake)',
    center: [124.8492, 46.5452],
    radiusKm: 0.9,
    elongation: 1.4,
    orientationDeg: 40,
    environment: 'rural',
  },
  {
    code: 'lake-xiaohei-pao',
    nameZh: '小黑泡',
    nameEn: 'Xiaohei Pao (lake)',
    center: [124.7052, 46.7582],
    radiusKm: 0.9,
    elongation: 1.3,
    orientationDeg: 140,
    environment: 'rural',
  },
  {
    code: 'wetland-north',
    nameZh: '北部苇塘湿地',
    nameEn: 'Northern reed wetland',
    center: [124.8202, 46.8012],
    radiusKm: 1.5,
    elongation: 1.7,
    orientationDeg: 95,
    environment: 'rural',
  },
  {
    code: 'lake-changqing-pao',
    nameZh: '长青泡',
    nameEn: 'Changqing Pao (lake)',
    center: [124.7302, 46.4902],
    radiusKm: 0.8,
    elongation: 1.4,
    orientationDeg: 30,
    environment: 'rural',
  },
  {
    code: 'pond-dongsheng',
    nameZh: '东升泡',
    nameEn: 'Dongsheng Pao (pond)',
    center: [124.7712, 47.0162],
    radiusKm: 0.5,
    elongation: 1.3,
    orientationDeg: 60,
    environment: 'rural',
  },
  {
    code: 'works-west',
    nameZh: '西部采油作业区',
    nameEn: 'Western oilfield works',
    center: [124.7252, 46.5702],
    radiusKm: 1.8,
    elongation: 1.5,
    orientationDeg: 20,
    environment: 'suburban',
  },
  {
    code: 'works-north',
    nameZh: '北部油田作业区',
    nameEn: 'Northern oilfield works',
    center: [124.8552, 46.7552],
    radiusKm: 2.6,
    elongation: 1.6,
    orientationDeg: 70,
    environment: 'suburban',
  },
];
