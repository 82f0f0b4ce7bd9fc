/**
 * Candidate sites the planners keep on file: the four of DOMAIN.md (three requested, one built during
 * 2006) plus useful fill-ins, cheaper co-site overlays, repeaters and redundant capacity sites, so that
 * ranking by coverage gained per cost is meaningful. Cost in units of 10,000 CNY (万元).
 */
import type { CandidateOrigin, CandidateStatus, CellSpec, LonLat } from '../../server/core/model.ts';
import { FREQUENCY_MHZ, makeCells } from './network.ts';

export interface Candidate {
  code: string;
  name: string;
  position: LonLat;
  technology: 'GSM' | 'CDMA';
  /** Estimated cost, 10,000 CNY. */
  cost: number;
  status: CandidateStatus;
  origin: CandidateOrigin;
  approximate: boolean;
  note: string;
  frequencyMhz: number;
  heightM: number;
  /** Sector azimuths, degrees; empty = one omni cell. */
  azimuthsDeg: number[];
  beamwidthDeg: number;
  tiltDeg: number;
  powerDbm: number;
  gainDbi: number;
  lossDb: number;
}

type CandidateInput = Pick<Candidate, 'code' | 'name' | 'position' | 'technology' | 'cost' | 'status' | 'note'> &
  Partial<Pick<Candidate, 'azimuthsDeg' | 'heightM' | 'tiltDeg' | 'powerDbm' | 'gainDbi' | 'lossDb' | 'approximate'>>;

const SECTORS = [0, 120, 240];

const INPUTS: readonly CandidateInput[] = [
  // The four places of the 2006 yearbook entry.
  {
    code: 'CAND-001',
    name: '银亿阳光城C网新站',
    position: [124.8042, 46.6011],
    technology: 'CDMA',
    cost: 62,
    status: 'proposed',
    note: '2006年申请：新建小区银亿阳光城C网无覆盖，新建C网基站（楼顶抱杆）',
    azimuthsDeg: [20, 140, 260],
    heightM: 35,
  },
  {
    code: 'CAND-002',
    name: '丽水华城C网新站',
    position: [124.9148, 46.7231],
    technology: 'CDMA',
    cost: 58,
    status: 'proposed',
    note: '2006年申请：新建小区丽水华城C网无覆盖，新建C网基站',
    azimuthsDeg: [30, 150, 270],
    heightM: 35,
  },
  {
    code: 'CAND-003',
    name: '喇嘛甸镇富强村G网新站',
    position: [124.6571, 46.9531],
    technology: 'GSM',
    cost: 38,
    status: 'proposed',
    note: '2006年申请：富强村G网盲区，新建G网全向站（40米铁塔）',
    azimuthsDeg: [],
    heightM: 40,
  },
  {
    code: 'CAND-004',
    name: '宏伟二村新建基站',
    position: [124.7061, 46.6641],
    technology: 'GSM',
    cost: 55,
    status: 'built',
    note: '2006年新建G网基站，9月开通；不在2006年初基线cells.csv中',
    heightM: 35,
    approximate: false,
  },
  // Useful fill-ins and overlays.
  {
    code: 'CAND-005',
    name: '富强村西北G网站',
    position: [124.6102, 46.9552],
    technology: 'GSM',
    cost: 48,
    status: 'proposed',
    note: '方案二：覆盖富强村及西北油区，需新征地建塔',
    azimuthsDeg: [0, 100, 220],
    heightM: 45,
  },
  {
    code: 'CAND-006',
    name: '南部边界G网站',
    position: [124.7402, 46.4302],
    technology: 'GSM',
    cost: 45,
    status: 'proposed',
    note: '区界南侧弱覆盖，农田',
    heightM: 45,
    tiltDeg: 2,
  },
  {
    code: 'CAND-007',
    name: '西部边界G网站',
    position: [124.6402, 46.6902],
    technology: 'GSM',
    cost: 45,
    status: 'proposed',
    note: '西部草原边缘，路测弱场',
    azimuthsDeg: [],
    heightM: 45,
  },
  {
    code: 'CAND-008',
    name: '宏伟二村C网共址',
    position: [124.7061, 46.6641],
    technology: 'CDMA',
    cost: 26,
    status: 'approved',
    note: '利用宏伟二村新建铁塔加装C网设备',
    heightM: 35,
  },
  {
    code: 'CAND-009',
    name: '长青村C网共址',
    position: [124.7552, 46.5302],
    technology: 'CDMA',
    cost: 24,
    status: 'proposed',
    note: 'G网铁塔加装C网，改善南部农村C网覆盖',
    heightM: 45,
    powerDbm: 43,
    tiltDeg: 2,
  },
  {
    code: 'CAND-010',
    name: '黑鱼湖C网共址',
    position: [124.7702, 46.6702],
    technology: 'CDMA',
    cost: 24,
    status: 'proposed',
    note: 'G网铁塔加装C网',
    azimuthsDeg: [80, 200, 320],
    heightM: 40,
    powerDbm: 43,
    tiltDeg: 2,
  },
  {
    code: 'CAND-011',
    name: '新华村C网共址',
    position: [124.9902, 46.8152],
    technology: 'CDMA',
    cost: 22,
    status: 'proposed',
    note: 'G网铁塔加装C网全向',
    azimuthsDeg: [],
    heightM: 45,
    powerDbm: 43,
  },
  {
    code: 'CAND-012',
    name: '阳光城G网铁塔加C网',
    position: [124.8142, 46.6082],
    technology: 'CDMA',
    cost: 28,
    status: 'proposed',
    note: '银亿阳光城方案二：利用现有G网铁塔，距小区约1公里',
    heightM: 35,
    powerDbm: 42,
  },
  {
    code: 'CAND-013',
    name: '丽水G网铁塔加C网',
    position: [124.9272, 46.7152],
    technology: 'CDMA',
    cost: 28,
    status: 'proposed',
    note: '丽水华城方案二：利用现有G网铁塔',
    azimuthsDeg: [90, 210, 330],
    heightM: 35,
    powerDbm: 42,
  },
  {
    code: 'CAND-014',
    name: '喇嘛甸C网二期',
    position: [124.7302, 46.9152],
    technology: 'CDMA',
    cost: 30,
    status: 'proposed',
    note: '喇嘛甸镇C网由全向改三扇区',
    azimuthsDeg: [300, 60, 180],
    heightM: 40,
    powerDbm: 43,
  },
  {
    code: 'CAND-015',
    name: '红旗泡G网站',
    position: [124.7702, 46.4552],
    technology: 'GSM',
    cost: 42,
    status: 'proposed',
    note: '南部湖区及养殖户',
    azimuthsDeg: [],
    heightM: 40,
  },
  {
    code: 'CAND-016',
    name: '乘风C网补点',
    position: [124.8052, 46.6602],
    technology: 'CDMA',
    cost: 36,
    status: 'proposed',
    note: '乘风西南片C网弱',
    heightM: 30,
  },
  // Redundant: capacity sites inside well-covered areas, and options already solved by optimization.
  {
    code: 'CAND-017',
    name: '让胡路西G网扩容站',
    position: [124.8452, 46.6602],
    technology: 'GSM',
    cost: 45,
    status: 'proposed',
    note: '话务分流，覆盖已良好',
    heightM: 30,
    tiltDeg: 6,
  },
  {
    code: 'CAND-018',
    name: '龙南东G网扩容站',
    position: [124.8952, 46.5852],
    technology: 'GSM',
    cost: 45,
    status: 'proposed',
    note: '龙南营业厅周边话务高',
    heightM: 30,
    tiltDeg: 6,
  },
  {
    code: 'CAND-019',
    name: '乘风北G网站',
    position: [124.8152, 46.6852],
    technology: 'GSM',
    cost: 42,
    status: 'proposed',
    note: '乘风北侧',
    heightM: 30,
    tiltDeg: 5,
  },
  {
    code: 'CAND-020',
    name: '东湖西G网站',
    position: [124.9452, 46.7652],
    technology: 'GSM',
    cost: 42,
    status: 'proposed',
    note: '东湖西侧',
    heightM: 30,
    tiltDeg: 5,
  },
  {
    code: 'CAND-021',
    name: '六厂G网新站',
    position: [124.7852, 46.8402],
    technology: 'GSM',
    cost: 48,
    status: 'rejected',
    note: '六厂问题已通过网络优化（天线方向角、下倾角调整）解决',
    heightM: 40,
  },
  {
    code: 'CAND-022',
    name: '方晓G网新站',
    position: [124.7752, 46.5902],
    technology: 'GSM',
    cost: 46,
    status: 'rejected',
    note: '方晓问题已通过网络优化解决',
    heightM: 35,
  },
  {
    code: 'CAND-023',
    name: '远望高层G网室内分布',
    position: [124.8712, 46.6608],
    technology: 'GSM',
    cost: 12,
    status: 'proposed',
    note: '直放站+室内分布系统，高层室内弱场',
    azimuthsDeg: [],
    heightM: 60,
    powerDbm: 33,
    gainDbi: 11,
    lossDb: 2,
  },
  {
    code: 'CAND-024',
    name: '远望高层C网室内分布',
    position: [124.8712, 46.6608],
    technology: 'CDMA',
    cost: 15,
    status: 'rejected',
    note: '高层导频污染，已通过优化（PN规划、功率调整）解决',
    azimuthsDeg: [],
    heightM: 60,
    powerDbm: 33,
    gainDbi: 11,
    lossDb: 2,
  },
  {
    code: 'CAND-025',
    name: '让胡路中心C网扩容',
    position: [124.8702, 46.6502],
    technology: 'CDMA',
    cost: 40,
    status: 'proposed',
    note: 'C网话务分流，覆盖已良好',
    heightM: 30,
    tiltDeg: 6,
  },
  {
    code: 'CAND-026',
    name: '龙南C网扩容',
    position: [124.8752, 46.5952],
    technology: 'CDMA',
    cost: 40,
    status: 'proposed',
    note: 'C网话务分流',
    heightM: 30,
    tiltDeg: 6,
  },
];

/** The candidate list with radio defaults filled in (3 sectors 0/120/240, 65 deg, typical power). */
export function buildCandidates(): Candidate[] {
  return INPUTS.map((input) => ({
    code: input.code,
    name: input.name,
    position: input.position,
    technology: input.technology,
    cost: input.cost,
    status: input.status,
    origin: 'manual',
    approximate: input.approximate ?? true,
    note: input.note,
    frequencyMhz: FREQUENCY_MHZ[input.technology],
    heightM: input.heightM ?? 35,
    azimuthsDeg: input.azimuthsDeg ?? SECTORS,
    beamwidthDeg: (input.azimuthsDeg ?? SECTORS).length === 0 ? 360 : 65,
    tiltDeg: (input.azimuthsDeg ?? SECTORS).length === 0 ? 0 : (input.tiltDeg ?? 4),
    powerDbm: input.powerDbm ?? (input.technology === 'GSM' ? 43 : 40),
    gainDbi: input.gainDbi ?? ((input.azimuthsDeg ?? SECTORS).length === 0 ? 11 : 16),
    lossDb: input.lossDb ?? 3,
  }));
}

/** The cells a candidate would add (site code = candidate code). */
export function candidateCells(candidate: Candidate): CellSpec[] {
  const cells = makeCells({
    siteCode: candidate.code,
    position: candidate.position,
    technology: candidate.technology,
    antennas: candidate.azimuthsDeg.length === 0 ? 'omni' : candidate.azimuthsDeg,
    heightM: candidate.heightM,
    tiltDeg: candidate.tiltDeg,
    powerDbm: candidate.powerDbm,
    sectorGainDbi: candidate.gainDbi,
    lossDb: candidate.lossDb,
  });
  // makeCells gives omni cells 11 dBi; a candidate states its own gain (e.g. an indoor repeater)
  return cells.map((c) => ({ ...c, gainDbi: candidate.gainDbi }));
}
