/**
 * The "2006 baseline" network: G-net (GSM 900) and C-net (CDMA 800) sites with their cells.
 * Urban clusters get a jittered hexagonal layout (C-net only on the masts nearest the centre: it is the
 * younger network); rural and fringe sites are placed by hand so that the gaps of DOMAIN.md stay open.
 */
import type { CellSpec, LonLat, Technology } from '../../server/core/model.ts';
import type { DistrictBoundary } from './boundary.ts';
import { offsetKm, roundPoint } from './geo.ts';
import { BUILT_UP_AREAS } from './layout.ts';
import type { Random } from './prng.ts';

export interface Site {
  code: string;
  name: string;
  lon: number;
  lat: number;
  approximate: boolean;
  cells: CellSpec[];
}

/** Downlink carrier used for each network, MHz. */
export const FREQUENCY_MHZ: Record<'GSM' | 'CDMA', number> = { GSM: 950, CDMA: 870 };

interface SiteCluster {
  name: string;
  /** Built-up area (layout.ts) whose centre the lattice starts from. */
  areaCode: string;
  spacingKm: number;
  gsmSites: number;
  cdmaSites: number;
  heightM: [number, number];
  tiltDeg: [number, number];
  /** Fixed sector rotation, degrees; random (-25..25) when absent. */
  rotationDeg?: number;
  cdmaOmni?: boolean;
}

const SITE_CLUSTERS: readonly SiteCluster[] = [
  { name: '让胡路', areaCode: 'rhl-centre', spacingKm: 1.05, gsmSites: 24, cdmaSites: 13, heightM: [25, 35], tiltDeg: [3, 6] },
  { name: '龙南', areaCode: 'longnan', spacingKm: 1.1, gsmSites: 13, cdmaSites: 8, heightM: [25, 35], tiltDeg: [3, 6] },
  { name: '乘风', areaCode: 'chengfeng', spacingKm: 1.2, gsmSites: 8, cdmaSites: 5, heightM: [25, 35], tiltDeg: [3, 6] },
  { name: '东湖', areaCode: 'donghu', spacingKm: 1.2, gsmSites: 7, cdmaSites: 4, heightM: [28, 38], tiltDeg: [3, 6] },
  { name: '六厂', areaCode: 'liuchang', spacingKm: 1.6, gsmSites: 2, cdmaSites: 2, heightM: [35, 45], tiltDeg: [3, 5] },
  {
    name: '喇嘛甸',
    areaCode: 'lamadian',
    spacingKm: 1.6,
    gsmSites: 2,
    cdmaSites: 1,
    heightM: [40, 45],
    tiltDeg: [2, 4],
    rotationDeg: 0,
    cdmaOmni: true,
  },
];

type Antennas = 'omni' | number[];

interface RuralSite {
  name: string;
  position: LonLat;
  heightM: number;
  gsm: Antennas;
  cdma?: Antennas;
}

/** Rural and fringe masts. Azimuths chosen by hand (see geo-data/README.md, "gaps"). */
const RURAL_SITES: readonly RuralSite[] = [
  { name: '红旗村', position: [124.7052, 46.4572], heightM: 45, gsm: [10, 130, 250], cdma: [10, 130, 250] },
  { name: '前进村', position: [124.8302, 46.5202], heightM: 45, gsm: [30, 150, 270], cdma: [30, 150, 270] },
  { name: '永丰村', position: [124.6752, 46.5452], heightM: 45, gsm: 'omni' },
  { name: '长青村', position: [124.7552, 46.5302], heightM: 45, gsm: [0, 120, 240] },
  { name: '方晓北', position: [124.7902, 46.5982], heightM: 40, gsm: [40, 160, 280] },
  { name: '太平村', position: [124.6982, 46.6282], heightM: 45, gsm: [60, 180, 300] },
  { name: '兴隆村', position: [124.6702, 46.7302], heightM: 45, gsm: [20, 140, 260], cdma: [20, 140, 260] },
  { name: '黑鱼湖', position: [124.7702, 46.6702], heightM: 40, gsm: [80, 200, 320] },
  { name: '碱泡子', position: [124.6852, 46.7902], heightM: 45, gsm: [0, 120, 240] },
  { name: '友谊村', position: [124.7702, 46.7702], heightM: 45, gsm: [30, 150, 270], cdma: [30, 150, 270] },
  { name: '北部油田', position: [124.8602, 46.7502], heightM: 45, gsm: [0, 120, 240] },
  { name: '光明村', position: [124.8902, 46.8102], heightM: 45, gsm: [20, 140, 260] },
  { name: '新华村', position: [124.9902, 46.8152], heightM: 45, gsm: 'omni' },
  { name: '东升村', position: [124.7482, 47.0002], heightM: 45, gsm: [60, 180, 300], cdma: 'omni' },
  { name: '阳光城', position: [124.8142, 46.6082], heightM: 35, gsm: [0, 120, 240] },
  { name: '丽水', position: [124.9272, 46.7152], heightM: 35, gsm: [90, 210, 330] },
];

interface MastPlan {
  name: string;
  position: LonLat;
  heightM: number;
  tiltDeg: [number, number];
  gsm: Antennas | null;
  cdma: Antennas | null;
  rural: boolean;
}

function builtUpArea(code: string) {
  const area = BUILT_UP_AREAS.find((a) => a.code === code);
  if (!area) throw new Error(`unknown built-up area "${code}"`);
  return area;
}

function sectorAzimuths(rotationDeg: number): number[] {
  return [0, 120, 240].map((a) => (((a + rotationDeg) % 360) + 360) % 360);
}

/** Hexagonal lattice points around `center`, nearest first, jittered, inside the district. */
function clusterPositions(rng: Random, cluster: SiteCluster, boundary: DistrictBoundary): LonLat[] {
  const s = cluster.spacingKm;
  const center = builtUpArea(cluster.areaCode).center;
  const lattice: { p: LonLat; d: number; key: number }[] = [];
  for (let j = -6; j <= 6; j++) {
    for (let i = -6; i <= 6; i++) {
      const x = (i + (Math.abs(j) % 2) * 0.5) * s;
      const y = j * s * (Math.sqrt(3) / 2);
      lattice.push({ p: offsetKm(center, x, y), d: Math.hypot(x, y), key: Math.atan2(y, x) });
    }
  }
  lattice.sort((a, b) => a.d - b.d || a.key - b.key);
  const positions: LonLat[] = [];
  for (const { p } of lattice) {
    if (positions.length === cluster.gsmSites) break;
    const jittered = roundPoint(offsetKm(p, rng.normal(0, 0.12 * s), rng.normal(0, 0.12 * s)));
    if (boundary.contains(jittered, 0.3)) positions.push(jittered);
  }
  return positions;
}

function mastPlans(rng: Random, boundary: DistrictBoundary): MastPlan[] {
  const plans: MastPlan[] = [];
  for (const cluster of SITE_CLUSTERS) {
    clusterPositions(rng, cluster, boundary).forEach((position, index) => {
      const rotation = cluster.rotationDeg ?? rng.int(-5, 5) * 5;
      const sectors = sectorAzimuths(rotation);
      plans.push({
        name: `${cluster.name}${String(index + 1).padStart(2, '0')}`,
        position,
        heightM: rng.int(cluster.heightM[0], cluster.heightM[1]),
        tiltDeg: cluster.tiltDeg,
        gsm: sectors,
        cdma: index < cluster.cdmaSites ? (cluster.cdmaOmni ? 'omni' : sectors) : null,
        rural: false,
      });
    });
  }
  for (const site of RURAL_SITES) {
    plans.push({
      name: site.name,
      position: site.position,
      heightM: site.heightM,
      tiltDeg: [2, 3],
      gsm: site.gsm,
      cdma: site.cdma ?? null,
      rural: true,
    });
  }
  return plans;
}

export interface CellOptions {
  siteCode: string;
  position: LonLat;
  technology: 'GSM' | 'CDMA';
  antennas: Antennas;
  heightM: number;
  tiltDeg: number;
  powerDbm: number;
  sectorGainDbi: number;
  lossDb: number;
}

/** Cells of one network on one mast: `G1..`/`C1..`, omni = one cell with an 11 dBi antenna. */
export function makeCells(o: CellOptions): CellSpec[] {
  const prefix = o.technology === 'GSM' ? 'G' : 'C';
  const azimuths: (number | null)[] = o.antennas === 'omni' ? [null] : o.antennas;
  return azimuths.map((azimuthDeg, i) => ({
    key: `${o.siteCode}/${prefix}${i + 1}`,
    siteCode: o.siteCode,
    cellCode: `${prefix}${i + 1}`,
    lon: o.position[0],
    lat: o.position[1],
    technology: o.technology as Technology,
    frequencyMhz: FREQUENCY_MHZ[o.technology],
    heightM: o.heightM,
    azimuthDeg,
    beamwidthDeg: azimuthDeg === null ? 360 : 65,
    tiltDeg: azimuthDeg === null ? 0 : o.tiltDeg,
    powerDbm: o.powerDbm,
    gainDbi: azimuthDeg === null ? 11 : o.sectorGainDbi,
    lossDb: o.lossDb,
  }));
}

/** Generate the baseline sites (G-net `RHL-G###`, C-net `RHL-C###`, C-net masts shared with G-net). */
export function buildNetwork(rng: Random, boundary: DistrictBoundary): Site[] {
  const sites: Site[] = [];
  let gsmCount = 0;
  let cdmaCount = 0;
  for (const plan of mastPlans(rng, boundary)) {
    if (!boundary.contains(plan.position, 0.3)) throw new Error(`site ${plan.name} is outside the district`);
    const approximate = rng.chance(plan.rural ? 0.2 : 0.05);
    const tilt = rng.int(plan.tiltDeg[0], plan.tiltDeg[1]);
    const networks: ['GSM' | 'CDMA', Antennas | null][] = [
      ['GSM', plan.gsm],
      ['CDMA', plan.cdma],
    ];
    for (const [technology, antennas] of networks) {
      if (antennas === null) continue;
      const code = technology === 'GSM' ? `RHL-G${String(++gsmCount).padStart(3, '0')}` : `RHL-C${String(++cdmaCount).padStart(3, '0')}`;
      const powerDbm = technology === 'GSM' ? 43 : plan.rural ? 41 : rng.pick([40, 40, 40, 41]);
      sites.push({
        code,
        name: plan.name,
        lon: plan.position[0],
        lat: plan.position[1],
        approximate,
        cells: makeCells({
          siteCode: code,
          position: plan.position,
          technology,
          antennas,
          heightM: plan.heightM,
          tiltDeg: tilt,
          powerDbm,
          sectorGainDbi: rng.pick([15, 15.5, 16, 16, 17]),
          lossDb: rng.pick([2, 2.5, 3, 3, 3.5, 4]),
        }),
      });
    }
  }
  return sites.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** All cells of one technology. */
export function cellsOf(sites: readonly Site[], technology: Technology): CellSpec[] {
  return sites.flatMap((s) => s.cells.filter((c) => c.technology === technology));
}
