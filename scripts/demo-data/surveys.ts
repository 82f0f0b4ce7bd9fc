/**
 * About 5,600 answers of the branch's 2006 customer surveys: a questionnaire campaign in June (3,000,
 * at least 40 per settlement, the rest by population), phone call-backs through the year (2,200, by
 * population) and the call-backs at Hongwei Er Cun after its new site went on air (400). Satisfaction
 * with the coverage follows the modelled level of the customer's network at the answer's position, so
 * customers are unhappy in the 2006 gaps; and it follows the yearbook's story where the model alone
 * does not: at Liuchang, Fangxiao and the Yuanwang high-rise (C-net) customers were unhappy until the
 * optimization although the outdoor prediction covers them, and at Hongwei Er Cun they are satisfied
 * after 18 September although the baseline network (without the new site) leaves a gap.
 */
import type { LonLat, SurveyProblem } from '../../server/core/model.ts';
import type { DistrictBoundary } from './boundary.ts';
import type { Settlement } from './clutter.ts';
import { deltaKm, offsetKm, randomPointInPolygon, roundPoint } from './geo.ts';
import { placeByCode } from './layout.ts';
import type { Random } from './prng.ts';
import { backgroundAddress, type LevelAt, type ReportTechnology } from './reports.ts';
import { dayOf2006, localTimestamp, weekday2006 } from './time.ts';

export type SurveySource = 'questionnaire' | 'callback';

export interface SurveyResponse {
  externalId: string;
  answeredAt: string;
  technology: ReportTechnology;
  position: LonLat;
  address: string;
  /** 1 (很不满意) .. 5 (满意). */
  satisfaction: number;
  problems: SurveyProblem[];
  comment: string;
  source: SurveySource;
}

/** Where the 2006 story changes what customers felt: a settlement, or a circle around a named place. */
interface Story {
  settlementCode?: string;
  placeCode?: string;
  radiusKm?: number;
  networks: readonly ('GSM' | 'CDMA')[];
  /** The day the problem was fixed (optimization or new site). */
  fixedOn: string;
  /**
   * Before the fix, customers' experienced margin over the threshold is at most this, dB, however strong
   * the outdoor prediction (an indoor or pilot-pollution problem the model does not see).
   */
  capDb?: number;
  problems: readonly SurveyProblem[];
  /** After the fix: the level with the cells the baseline lacks (the new site). */
  addedCells?: boolean;
}

const STORIES: readonly Story[] = [
  {
    settlementCode: 'liuchang',
    networks: ['GSM', 'CDMA'],
    fixedOn: '2006-08-22',
    capDb: -8,
    problems: ['weak-signal', 'dropped-call', 'indoor'],
  },
  { settlementCode: 'fangxiao', networks: ['GSM', 'CDMA'], fixedOn: '2006-10-12', capDb: -8, problems: ['weak-signal', 'indoor'] },
  {
    placeCode: 'estate-yuanwang',
    radiusKm: 0.3,
    networks: ['CDMA'],
    fixedOn: '2006-07-14',
    capDb: -8,
    problems: ['indoor', 'dropped-call'],
  },
  { settlementCode: 'hongwei-ercun', networks: ['GSM'], fixedOn: '2006-09-18', addedCells: true, problems: ['no-signal', 'indoor'] },
];

const THRESHOLD_DBM = { GSM: -90, CDMA: -95 } as const;
/** Customers judge mostly indoors: their experience sits this far below the outdoor margin, dB. */
const EXPERIENCE_OFFSET_DB = 5;
const EXPERIENCE_SD_DB = 5;

/** Satisfaction from the experienced margin over the threshold, dB. */
function scoreOf(marginDb: number): number {
  if (marginDb >= 6) return 5;
  if (marginDb >= 0) return 4;
  if (marginDb >= -6) return 3;
  if (marginDb >= -12) return 2;
  return 1;
}

const NET_LABEL: Record<ReportTechnology, string> = { GSM: 'G网', CDMA: 'C网', unknown: '手机' };

const UNHAPPY_COMMENTS: Record<SurveyProblem, string[]> = {
  'no-signal': ['家里{net}没信号', '村里{net}经常不在服务区', '希望尽快建站'],
  'weak-signal': ['{net}信号时强时弱', '信号只有一两格', '通话杂音大'],
  'dropped-call': ['打电话经常掉线', '{net}通话断断续续'],
  indoor: ['在家要到窗边才能打电话', '楼里{net}信号差', '地下室没信号'],
  data: ['上网太慢', '1X上网经常断'],
  other: ['短信收得慢'],
};
const HAPPY_COMMENTS = ['信号很好', '通话清楚', '比以前好多了', '满意'];

export interface SurveyModel {
  /** Modelled outdoor best-server level of the baseline network, dBm. */
  levelAt: LevelAt;
  /** The same with the cells built during 2006 that the baseline lacks (the Hongwei Er Cun site), dBm. */
  levelWithNewSitesAt(technology: 'GSM' | 'CDMA', p: LonLat): number;
}

interface Draft extends Omit<SurveyResponse, 'externalId'> {
  at: string;
}

/** New estates: nobody to ask before residents moved in. */
const OCCUPIED_FROM: Record<string, string> = { yinyi: '2006-03-01', lishui: '2006-04-15' };

function storyAt(settlement: Settlement, p: LonLat, technology: 'GSM' | 'CDMA'): Story | undefined {
  return STORIES.find((s) => {
    if (!s.networks.includes(technology)) return false;
    if (s.settlementCode) return s.settlementCode === settlement.code;
    const [dx, dy] = deltaKm(placeByCode(s.placeCode!).position, p);
    return Math.hypot(dx, dy) <= (s.radiusKm ?? 0.3);
  });
}

/** A weekday working-hours time on `day` (moved off weekends). */
function workingTime(rng: Random, day: number): string {
  let d = day;
  const weekday = weekday2006(d);
  if (weekday === 6) d = d > 0 ? d - 1 : d + 2;
  else if (weekday === 0) d = d < 364 ? d + 1 : d - 2;
  const minutes = rng.chance(0.5) ? rng.int(8 * 60 + 30, 11 * 60 + 40) : rng.int(13 * 60 + 30, 17 * 60 + 20);
  return localTimestamp(d, minutes * 60);
}

function answer(
  rng: Random,
  boundary: DistrictBoundary,
  settlement: Settlement,
  day: number,
  source: SurveySource,
  model: SurveyModel,
): Draft {
  let position: LonLat;
  do
    position = roundPoint(
      settlement.rings
        ? randomPointInPolygon(rng, settlement.rings)
        : offsetKm(settlement.point as LonLat, rng.normal(0, 0.3), rng.normal(0, 0.3)),
    );
  while (!boundary.contains(position, 0.05));
  const technology = rng.weighted<ReportTechnology>(['GSM', 'CDMA', 'unknown'], [0.58, 0.37, 0.05]);
  // A customer who does not know the network uses either; judge by the one the customer has, drawn like the others.
  const network: 'GSM' | 'CDMA' = technology === 'unknown' ? (rng.chance(0.6) ? 'GSM' : 'CDMA') : technology;
  const story = storyAt(settlement, position, network);
  const fixed = story !== undefined && day >= dayOf2006(story.fixedOn);
  const level = story?.addedCells && fixed ? model.levelWithNewSitesAt(network, position) : model.levelAt(network, position);
  const outdoor = level - THRESHOLD_DBM[network] - EXPERIENCE_OFFSET_DB;
  const cap = story && !fixed && story.capDb !== undefined ? story.capDb : Infinity;
  const margin = Math.min(outdoor, cap) + rng.normal(0, EXPERIENCE_SD_DB);
  const satisfaction = scoreOf(margin);
  const problems = new Set<SurveyProblem>();
  if (satisfaction <= 3) {
    if (story && !fixed) problems.add(rng.pick(story.problems));
    else if (level < THRESHOLD_DBM[network]) problems.add(rng.chance(0.6) ? 'no-signal' : 'weak-signal');
    else problems.add(rng.weighted<SurveyProblem>(['indoor', 'weak-signal', 'dropped-call'], [0.5, 0.3, 0.2]));
    if (rng.chance(0.25))
      problems.add(rng.weighted<SurveyProblem>(['dropped-call', 'indoor', 'data'], [0.4, 0.4, network === 'CDMA' ? 0.4 : 0.1]));
  }
  const sorted = (['no-signal', 'weak-signal', 'dropped-call', 'indoor', 'data', 'other'] as const).filter((p) => problems.has(p));
  let comment = '';
  if (satisfaction <= 2 && sorted.length && rng.chance(0.55))
    comment = rng.pick(UNHAPPY_COMMENTS[sorted[0]]).replace('{net}', NET_LABEL[technology]);
  else if (satisfaction === 5 && rng.chance(0.1)) comment = rng.pick(HAPPY_COMMENTS);
  return {
    at: workingTime(rng, day),
    answeredAt: '',
    technology,
    position,
    address: backgroundAddress(rng, settlement),
    satisfaction,
    problems: sorted,
    comment,
    source,
  };
}

const ID_PREFIX: Record<SurveySource, string> = { questionnaire: 'MYWJ', callback: 'MYHF' };

/** Make the answers (chronological; ids per source, e.g. `MYWJ2006-00001` questionnaire, `MYHF2006-00001` call-back). */
export function buildSurveys(
  rng: Random,
  boundary: DistrictBoundary,
  settlements: readonly Settlement[],
  model: SurveyModel,
): SurveyResponse[] {
  const drafts: Draft[] = [];
  const populations = settlements.map((s) => s.population);
  const occupied = (s: Settlement) => dayOf2006(OCCUPIED_FROM[s.code] ?? '2006-01-01');
  // June questionnaire campaign: 40 per settlement, the rest by population.
  const juneFrom = dayOf2006('2006-06-01');
  const juneTo = dayOf2006('2006-06-30');
  const campaign: Settlement[] = settlements.flatMap((s) => Array.from({ length: 40 }, () => s));
  while (campaign.length < 3000) campaign.push(rng.weighted(settlements, populations));
  for (const s of campaign) drafts.push(answer(rng, boundary, s, rng.int(juneFrom, juneTo), 'questionnaire', model));
  // Call-backs through the year, by population.
  for (let i = 0; i < 2200; i++) {
    const s = rng.weighted(settlements, populations);
    drafts.push(answer(rng, boundary, s, rng.int(occupied(s), 364), 'callback', model));
  }
  // Call-backs at Hongwei Er Cun once its new site was on air.
  const hongwei = settlements.find((s) => s.code === 'hongwei-ercun');
  if (!hongwei) throw new Error('settlement hongwei-ercun missing');
  for (let i = 0; i < 400; i++)
    drafts.push(answer(rng, boundary, hongwei, rng.int(dayOf2006('2006-09-25'), dayOf2006('2006-12-20')), 'callback', model));
  const sorted = drafts.map((d, index) => ({ d, index })).sort((a, b) => (a.d.at < b.d.at ? -1 : a.d.at > b.d.at ? 1 : a.index - b.index));
  const counters: Record<SurveySource, number> = { questionnaire: 0, callback: 0 };
  return sorted.map(({ d }) => {
    const n = ++counters[d.source];
    const { at, ...rest } = d;
    return { ...rest, answeredAt: at, externalId: `${ID_PREFIX[d.source]}2006-${String(n).padStart(5, '0')}` };
  });
}
