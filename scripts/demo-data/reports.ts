/**
 * About 3,000 problem reports of 2006: clusters at the places DOMAIN.md names plus background reports
 * across the populated areas (more where the modelled signal is weaker). Sources are weighted like the
 * branch's year: phone call-backs most, then questionnaires and complaints, and 100+ on-site tests.
 */
import type { CustomerTier, LonLat, ReportKind, ReportSource, ReportStatus } from '../../server/core/model.ts';
import type { DistrictBoundary } from './boundary.ts';
import type { Settlement } from './clutter.ts';
import { offsetKm, randomPointInPolygon, roundPoint } from './geo.ts';
import { placeByCode } from './layout.ts';
import type { Random } from './prng.ts';
import { dayOf2006, localTimestamp, weekday2006 } from './time.ts';

export type ReportTechnology = 'GSM' | 'CDMA' | 'unknown';

export interface ProblemReport {
  externalId: string;
  position: LonLat;
  technology: ReportTechnology;
  kind: ReportKind;
  source: ReportSource;
  tier: CustomerTier;
  reportedAt: string;
  status: ReportStatus;
  address: string;
  note: string;
}

/** Modelled outdoor best-server level of a network at a point, dBm. */
export type LevelAt = (technology: 'GSM' | 'CDMA', p: LonLat) => number;

type Weights<K extends string> = Partial<Record<K, number>>;

interface Hotspot {
  placeCode: string;
  count: number;
  spreadKm: number;
  technology: Weights<ReportTechnology>;
  kinds: Weights<ReportKind>;
  /** First day reports come in (residents moving in), `YYYY-MM-DD`. */
  from: string;
  /** Date the problem was fixed (optimization or new site); reports before it are mostly resolved. */
  fixedOn?: string;
  /** Share of the reports dated before `fixedOn`. */
  shareBeforeFix?: number;
  address: (rng: Random) => string;
  notes: string[];
}

const DISTRICT = '大庆市让胡路区';
const UNITS = ['1', '2', '3', '4', '5', '6'];

function building(rng: Random, maxBuilding: number, maxFloor: number, highFloors = false): string {
  const floor = highFloors ? Math.max(8, Math.min(maxFloor, Math.round(maxFloor - Math.abs(rng.normal(0, 6))))) : rng.int(1, maxFloor);
  return `${rng.int(1, maxBuilding)}号楼${rng.pick(UNITS.slice(0, 4))}单元${floor}层`;
}

const HOTSPOTS: readonly Hotspot[] = [
  {
    placeCode: 'estate-yuanwang',
    count: 250,
    spreadKm: 0.12,
    technology: { CDMA: 0.7, GSM: 0.25, unknown: 0.05 },
    kinds: { indoor: 0.4, 'dropped-call': 0.35, 'weak-signal': 0.1, data: 0.1, other: 0.05 },
    from: '2006-01-01',
    fixedOn: '2006-07-14',
    shareBeforeFix: 0.78,
    address: (rng) => `${DISTRICT}远望高层${building(rng, 12, 28, true)}`,
    notes: [
      '高层室内C网通话杂音、掉话，手机在多个导频间频繁切换',
      '楼层越高越差，信号满格但通话断续',
      '高层住户反映接通困难、掉话',
      '顶层几户C网基本无法通话，低层正常',
      '高层G网信号波动',
    ],
  },
  {
    placeCode: 'plant-liuchang',
    count: 200,
    spreadKm: 0.7,
    technology: { GSM: 0.55, CDMA: 0.4, unknown: 0.05 },
    kinds: { 'weak-signal': 0.4, 'dropped-call': 0.3, indoor: 0.2, 'no-signal': 0.1 },
    from: '2006-01-01',
    fixedOn: '2006-08-22',
    shareBeforeFix: 0.8,
    address: (rng) => `${DISTRICT}采油六厂${rng.pick(['生活区', '机关大楼', '作业区', '家属区', '中心化验室'])}${rng.int(1, 40)}号`,
    notes: ['六厂生活区信号弱，通话断续', '作业区内移动中掉话', '机关楼内信号差', '厂区部分地段无信号'],
  },
  {
    placeCode: 'area-fangxiao',
    count: 170,
    spreadKm: 0.4,
    technology: { GSM: 0.5, CDMA: 0.45, unknown: 0.05 },
    kinds: { 'weak-signal': 0.45, indoor: 0.25, 'dropped-call': 0.15, 'no-signal': 0.15 },
    from: '2006-01-01',
    fixedOn: '2006-10-12',
    shareBeforeFix: 0.85,
    address: (rng) => `${DISTRICT}方晓小区${rng.int(1, 36)}号楼${rng.pick(UNITS)}单元`,
    notes: ['方晓小区室内信号弱', '小区西侧信号时有时无', '室内需靠窗通话'],
  },
  {
    placeCode: 'area-hongwei-ercun',
    count: 220,
    spreadKm: 0.3,
    technology: { GSM: 0.75, CDMA: 0.2, unknown: 0.05 },
    kinds: { 'no-signal': 0.35, 'weak-signal': 0.35, indoor: 0.2, 'dropped-call': 0.1 },
    from: '2006-01-01',
    fixedOn: '2006-09-18',
    shareBeforeFix: 0.82,
    address: (rng) => `${DISTRICT}宏伟二村${rng.int(1, 28)}号楼${rng.pick(UNITS)}单元`,
    notes: ['宏伟二村楼内G网信号弱', '家中无信号，需到楼外打电话', '村内多处无信号，客户要求建站'],
  },
  {
    placeCode: 'estate-yinyi',
    count: 260,
    spreadKm: 0.3,
    technology: { CDMA: 0.85, GSM: 0.1, unknown: 0.05 },
    kinds: { 'no-signal': 0.45, 'weak-signal': 0.3, indoor: 0.18, data: 0.07 },
    from: '2006-03-01',
    address: (rng) => `${DISTRICT}银亿阳光城${building(rng, 32, 18)}`,
    notes: [
      '新入住小区C网无信号，G网正常',
      '家中C网无服务，需下楼打电话',
      '小区内C网信号弱，客户要求解决，否则转网',
      '小区C网1X上网无法连接',
    ],
  },
  {
    placeCode: 'estate-lishui',
    count: 230,
    spreadKm: 0.28,
    technology: { CDMA: 0.85, GSM: 0.1, unknown: 0.05 },
    kinds: { 'no-signal': 0.45, 'weak-signal': 0.3, indoor: 0.18, data: 0.07 },
    from: '2006-04-15',
    address: (rng) => `${DISTRICT}丽水华城${building(rng, 26, 15)}`,
    notes: ['新入住小区C网无信号', '丽水华城C网信号弱、掉话', '小区内C网时有时无，G网正常'],
  },
  {
    placeCode: 'village-fuqiang',
    count: 150,
    spreadKm: 0.45,
    technology: { GSM: 0.85, unknown: 0.1, CDMA: 0.05 },
    kinds: { 'no-signal': 0.6, 'weak-signal': 0.3, 'dropped-call': 0.1 },
    from: '2006-01-01',
    address: (rng) => `${DISTRICT}喇嘛甸镇富强村${rng.pick(['一屯', '二屯', '三屯', '四屯', '五屯'])}${rng.int(1, 60)}号`,
    notes: ['村内G网无信号', '只有村东头高处有一格信号', '田间、村内无法通话，村民要求建站', '家中G网无服务'],
  },
];

const KIND_NOTES: Record<ReportKind, string[]> = {
  'no-signal': ['{net}无信号', '家中{net}无信号，需到室外打电话', '手机显示无服务'],
  'weak-signal': ['{net}信号弱，只有一两格', '通话杂音大，信号不稳定', '室外信号也弱'],
  'dropped-call': ['通话中经常掉线', '{net}通话断续、掉话', '行车途中掉话'],
  indoor: ['室内信号差，靠窗户才能通话', '楼内{net}信号差', '地下室、楼道无信号'],
  data: ['C网1X上网速度慢、经常断线', '上网掉线', '彩信发送失败'],
  other: ['短信延迟', '拨打时提示忙、接通率低', '通话有回声'],
};

/** Streets and estates used for background addresses, per settlement code. */
const STREETS: Record<string, string[]> = {
  'rhl-centre': ['西宾路', '中央大街', '新潮街', '东风路', '学府街', '北湖路', '西宾小区', '新潮小区', '景园小区', '铁人小区'],
  longnan: ['龙南大街', '健康路', '迎春街', '龙南一区', '龙南二区', '龙南三区', '龙南小区', '龙南医院家属楼'],
  chengfeng: ['乘风路', '乘风大街', '乘风一区', '乘风二区', '乘风三区', '乘风庄'],
  donghu: ['东湖路', '东湖一区', '东湖二区', '东湖三区', '东湖五区', '东湖七区'],
  yinyi: ['银亿阳光城'],
  lishui: ['丽水华城'],
  'hongwei-ercun': ['宏伟二村'],
  fangxiao: ['方晓小区', '方晓路'],
  liuchang: ['采油六厂生活区', '六厂家属区'],
  lamadian: ['喇嘛甸镇镇内', '喇嘛甸镇南街', '喇嘛甸镇北街', '喇嘛甸镇中心街'],
};

/** New estates: no reports before residents moved in. */
const OCCUPIED_FROM: Record<string, string> = { yinyi: '2006-03-01', lishui: '2006-04-15' };

const LAMADIAN_VILLAGES = new Set(['fuqiang', 'shengli', 'dongsheng', 'tuanjie']);

const SOURCE_WEIGHTS: Record<'hotspot' | 'background', Record<ReportSource, number>> = {
  hotspot: { callback: 0.46, questionnaire: 0.2, complaint: 0.27, 'onsite-test': 0.07, 'drive-test': 0 },
  background: { callback: 0.55, questionnaire: 0.23, complaint: 0.2, 'onsite-test': 0.02, 'drive-test': 0 },
};

/** Mid/high-value customers are the focus of call-backs, questionnaires and on-site tests. */
const TIER_WEIGHTS: Record<ReportSource, [high: number, mid: number, regular: number]> = {
  callback: [0.22, 0.43, 0.35],
  questionnaire: [0.18, 0.42, 0.4],
  'onsite-test': [0.35, 0.45, 0.2],
  complaint: [0.06, 0.22, 0.72],
  'drive-test': [0, 0, 1],
};

const ID_PREFIX: Record<ReportSource, string> = {
  callback: 'HF',
  questionnaire: 'WJ',
  complaint: 'TS',
  'onsite-test': 'CS',
  'drive-test': 'LC',
};

function pickWeighted<K extends string>(rng: Random, weights: Weights<K>): K {
  const keys = Object.keys(weights) as K[];
  return rng.weighted(
    keys,
    keys.map((k) => weights[k] ?? 0),
  );
}

const NET_LABEL: Record<ReportTechnology, string> = { GSM: 'G网', CDMA: 'C网', unknown: '手机' };

function kindNote(rng: Random, kind: ReportKind, technology: ReportTechnology): string {
  return rng.pick(KIND_NOTES[kind]).replace('{net}', NET_LABEL[technology]);
}

/** Working-hours timestamp for call-backs, questionnaires and tests (moved off weekends); complaints any day 7:30-22:00. */
function timestamp(rng: Random, day: number, source: ReportSource): { day: number; at: string } {
  let d = day;
  if (source !== 'complaint') {
    const weekday = weekday2006(d);
    if (weekday === 6) d = d > 0 ? d - 1 : d + 2;
    else if (weekday === 0) d = d < 364 ? d + 1 : d - 2;
    const minutes = rng.chance(0.5) ? rng.int(8 * 60 + 30, 11 * 60 + 40) : rng.int(13 * 60 + 30, 17 * 60 + 20);
    return { day: d, at: localTimestamp(d, minutes * 60) };
  }
  return { day: d, at: localTimestamp(d, rng.int(7 * 60 + 30, 22 * 60) * 60 + rng.int(0, 59)) };
}

function hotspotDay(rng: Random, spot: Hotspot): number {
  const from = dayOf2006(spot.from);
  if (spot.fixedOn) {
    const fix = dayOf2006(spot.fixedOn);
    return rng.chance(spot.shareBeforeFix ?? 0.8) ? rng.int(from, fix - 1) : rng.int(fix, 364);
  }
  // requested sites: complaints grow as residents move in (density rising linearly)
  return Math.min(364, from + Math.floor((365 - from) * Math.sqrt(rng.float())));
}

function hotspotStatus(rng: Random, spot: Hotspot, day: number): ReportStatus {
  if (!spot.fixedOn) return rng.chance(0.7) ? 'open' : 'investigating';
  if (day < dayOf2006(spot.fixedOn)) return rng.weighted<ReportStatus>(['resolved', 'open', 'investigating'], [0.88, 0.07, 0.05]);
  return rng.weighted<ReportStatus>(['open', 'investigating', 'resolved'], [0.62, 0.23, 0.15]);
}

function backgroundStatus(rng: Random, day: number): ReportStatus {
  return day < 300
    ? rng.weighted<ReportStatus>(['open', 'investigating', 'resolved'], [0.62, 0.1, 0.28])
    : rng.weighted<ReportStatus>(['open', 'investigating', 'resolved'], [0.78, 0.17, 0.05]);
}

function onsiteNote(rng: Random, technology: 'GSM' | 'CDMA', outdoorDbm: number, base: string): string {
  const outdoor = Math.round(outdoorDbm + rng.normal(0, 4));
  const indoor = Math.round(outdoor - 15 + rng.normal(0, 3));
  const net = NET_LABEL[technology];
  return `${base}；现场测试${net}室外${outdoor} dBm，室内${indoor} dBm`;
}

interface Draft extends Omit<ProblemReport, 'externalId' | 'reportedAt'> {
  day: number;
  at: string;
}

/** Make the reports; `levelAt` gives the modelled level used for on-site test notes and background density. */
export function buildReports(
  rng: Random,
  boundary: DistrictBoundary,
  settlements: readonly Settlement[],
  levelAt: LevelAt,
  total = 3000,
): ProblemReport[] {
  const drafts: Draft[] = [];
  for (const spot of HOTSPOTS) {
    const center = placeByCode(spot.placeCode).position;
    for (let i = 0; i < spot.count; i++) {
      let position: LonLat;
      do position = roundPoint(offsetKm(center, rng.normal(0, spot.spreadKm), rng.normal(0, spot.spreadKm)));
      while (!boundary.contains(position, 0.05));
      const source = rng.weighted(Object.keys(SOURCE_WEIGHTS.hotspot) as ReportSource[], Object.values(SOURCE_WEIGHTS.hotspot));
      let technology = pickWeighted(rng, spot.technology);
      if (source === 'onsite-test' && technology === 'unknown') technology = 'GSM';
      const kind = pickWeighted(rng, spot.kinds);
      const { day, at } = timestamp(rng, hotspotDay(rng, spot), source);
      const base = rng.chance(0.7) ? rng.pick(spot.notes) : kindNote(rng, kind, technology);
      drafts.push({
        position,
        technology,
        kind,
        source,
        tier: rng.weighted<CustomerTier>(['high', 'mid', 'regular'], TIER_WEIGHTS[source]),
        day,
        at,
        status: hotspotStatus(rng, spot, day),
        address: spot.address(rng),
        note:
          source === 'onsite-test' && technology !== 'unknown' ? onsiteNote(rng, technology, levelAt(technology, position), base) : base,
      });
    }
  }
  const populations = settlements.map((s) => s.population);
  while (drafts.length < total) {
    const settlement = rng.weighted(settlements, populations);
    const position = roundPoint(
      settlement.rings
        ? randomPointInPolygon(rng, settlement.rings)
        : offsetKm(settlement.point as LonLat, rng.normal(0, 0.25), rng.normal(0, 0.25)),
    );
    if (!boundary.contains(position, 0.05)) continue;
    const technology = rng.weighted<ReportTechnology>(['GSM', 'CDMA', 'unknown'], [0.55, 0.35, 0.1]);
    // people complain where the signal is weak: thin out reports in strong-signal areas
    const level = levelAt(technology === 'CDMA' ? 'CDMA' : 'GSM', position);
    if (!rng.chance(Math.min(1, Math.max(0.1, (-55 - level) / 35)))) continue;
    const source = rng.weighted(Object.keys(SOURCE_WEIGHTS.background) as ReportSource[], Object.values(SOURCE_WEIGHTS.background));
    const tech = source === 'onsite-test' && technology === 'unknown' ? 'GSM' : technology;
    const kind = rng.weighted<ReportKind>(
      ['weak-signal', 'no-signal', 'dropped-call', 'indoor', 'data', 'other'],
      [0.3, 0.1, 0.2, 0.22, tech === 'GSM' ? 0.02 : 0.08, 0.12],
    );
    const { day, at } = timestamp(rng, rng.int(dayOf2006(OCCUPIED_FROM[settlement.code] ?? '2006-01-01'), 364), source);
    const base = kindNote(rng, kind, tech);
    drafts.push({
      position,
      technology: tech,
      kind,
      source,
      tier: rng.weighted<CustomerTier>(['high', 'mid', 'regular'], TIER_WEIGHTS[source]),
      day,
      at,
      status: backgroundStatus(rng, day),
      address: backgroundAddress(rng, settlement),
      note: source === 'onsite-test' && tech !== 'unknown' ? onsiteNote(rng, tech, levelAt(tech, position), base) : base,
    });
  }
  return assignIds(drafts);
}

/** A postal-style address in a settlement: a street or estate of it, or the village and its group. */
export function backgroundAddress(rng: Random, settlement: Settlement): string {
  const streets = STREETS[settlement.code];
  if (streets) {
    const street = rng.pick(streets);
    const isEstate = /区$|小区|城$|村$|楼$|家属区$|生活区$/.test(street);
    return isEstate ? `${DISTRICT}${street}${rng.int(1, 40)}号楼${rng.pick(UNITS)}单元` : `${DISTRICT}${street}${rng.int(1, 300)}号`;
  }
  const villageName = settlement.name.split(' ')[0];
  const town = LAMADIAN_VILLAGES.has(settlement.code) ? '喇嘛甸镇' : '';
  return `${DISTRICT}${town}${villageName}${rng.int(1, 8)}组`;
}

/** Chronological order; ids per source, e.g. `HF2006-0001` (call-back), `TS2006-0001` (complaint). */
function assignIds(drafts: Draft[]): ProblemReport[] {
  const sorted = drafts.map((d, index) => ({ d, index })).sort((a, b) => (a.d.at < b.d.at ? -1 : a.d.at > b.d.at ? 1 : a.index - b.index));
  const counters: Partial<Record<ReportSource, number>> = {};
  return sorted.map(({ d }) => {
    const n = (counters[d.source] = (counters[d.source] ?? 0) + 1);
    return {
      externalId: `${ID_PREFIX[d.source]}2006-${String(n).padStart(4, '0')}`,
      position: d.position,
      technology: d.technology,
      kind: d.kind,
      source: d.source,
      tier: d.tier,
      reportedAt: d.at,
      status: d.status,
      address: d.address,
      note: d.note,
    };
  });
}
