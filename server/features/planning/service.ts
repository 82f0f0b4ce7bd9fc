import type { Kysely } from 'kysely';
import type { Technology } from '../../core/model.ts';
import {
  DEFAULT_DEMAND_WEIGHTS,
  sortedIndexOf,
  type CandidateFootprint,
  type DemandModel,
  type DemandWeights,
} from '../../core/planning/coverage-demand.ts';
import type { Hotspot, HotspotSettings } from '../../core/planning/hotspots.ts';
import { proposeSites, type SiteNeed } from '../../core/planning/propose-sites.ts';
import { scoreParts, type ScoreParts } from '../../core/planning/score-parts.ts';
import { reportsUncoveredShare, strongestLevelWithin } from '../../core/planning/raster-lookups.ts';
import {
  adviseRemedy,
  carryGapRemedy,
  DEFAULT_REMEDY_SETTINGS,
  gapAt,
  type GapOutline,
  parameterOptions,
  type RemedySettings,
  type RemedyTarget,
} from '../../core/planning/remedies.ts';
import { environmentAt, pointQuery } from '../../core/coverage/point-query.ts';
import type { CellSpec, LonLat } from '../../core/model.ts';
import { defaultSectorCells } from '../../core/default-cells.ts';
import { lonLatToPixel } from '../../core/geo/grid-lookup.ts';
import { createPixelShareCache } from '../../core/coverage/report-spread.ts';
import type { CoverageTechnology } from '../../core/coverage/cell-table.ts';
import type { ReportKind, ReportSource, CustomerTier, ReportStatus } from '../../core/model.ts';
import { EMPTY_SCENARIO, type ScenarioChanges } from '../../core/scenario/apply-scenario.ts';
import type { Database } from '../../db/types.ts';
import { UnprocessableError } from '../../errors.ts';
import type { Area } from '../areas/repository.ts';
import type { Candidate } from '../candidates/repository.ts';
import { candidateCellSpecs, insertGeneratedCandidates } from '../candidates/service.ts';
import { cellsDigest, type CoverageRun, type CoverageService } from '../coverage/service.ts';
import { figuresAnswer } from '../coverage/figures-answer.ts';
import { inlineCpuTasks, type CpuTasks } from '../../workers/cpu-pool.ts';
import { createScenario } from '../scenarios/service.ts';
import { DEFAULT_PLAN_TIME_LIMIT_MAX_S, DEFAULT_PLAN_TIME_LIMIT_S, type PlanRequest } from '../../contract/planning.ts';

/** Customer tier weights of a problem report (mid/high-value customers are the focus of the surveys). */
export const REPORT_TIER_WEIGHTS: Record<string, number> = { high: 3, mid: 2, regular: 1 };

/** How much a hotspot's score weighs against people when choosing where to propose a site. */
const REPORT_NEED_WEIGHT = DEFAULT_DEMAND_WEIGHTS.reports;

/** Candidates a plan may choose from: the network's technology, not rejected, not yet built. */
const PLANNABLE_STATUSES = new Set(['proposed', 'approved']);

export interface PlanningContext {
  area: Area;
  technology: Technology;
  changes: ScenarioChanges;
  base: CoverageRun;
  candidates: Candidate[];
  demand: DemandModel;
  weights: DemandWeights;
}

export interface PlanningOptions {
  /** Longest solver time limit a request may ask for, seconds (PLAN_TIME_LIMIT_MAX_S). */
  maxTimeLimitS?: number;
}

export class PlanningService {
  private readonly footprintCache = new Map<string, Uint32Array>();

  private readonly maxTimeLimitS: number;

  /**
   * `tasks` runs the CPU-heavy steps (demand model, ranking, greedy and exact solves, hotspots): worker
   * threads in the server, so that the event loop keeps answering; the calling thread in scripts.
   */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly coverage: CoverageService,
    private readonly tasks: CpuTasks = inlineCpuTasks,
    options: PlanningOptions = {},
  ) {
    this.maxTimeLimitS = options.maxTimeLimitS ?? DEFAULT_PLAN_TIME_LIMIT_MAX_S;
  }

  /** Build the demand model of a network over a scenario: what each candidate would newly cover. */
  async context(
    area: Area,
    technology: Technology,
    opts: { changes?: ScenarioChanges; candidateCodes?: string[]; weights?: Partial<DemandWeights> } = {},
  ): Promise<PlanningContext> {
    const changes = opts.changes ?? EMPTY_SCENARIO;
    const weights = { ...DEFAULT_DEMAND_WEIGHTS, ...definedOnly(opts.weights ?? {}) };
    const base = await this.coverage.run(area, technology, changes);
    const candidates = await this.pickCandidates(area, technology, changes, opts.candidateCodes);
    const pixels = await this.footprints(base, candidates);
    const footprints: CandidateFootprint[] = candidates.map((c, k) => ({ code: c.code, cost: c.cost, coveredPixels: pixels[k] }));
    const reports = (await this.coverage.reports(area))
      .filter((r) => r.status !== 'resolved')
      // Address-placed reports count over their place (radiusM), not on one exact pixel.
      .map((r) => ({
        lon: r.lon,
        lat: r.lat,
        technology: r.technology,
        weight: REPORT_TIER_WEIGHTS[r.customerTier] ?? 1,
        radiusM: r.radiusM,
      }));
    const demand = await this.tasks.run('planningDemand', {
      prepared: base.prepared,
      raster: base.raster,
      technology: base.technology,
      reports,
      footprints,
      weights,
    });
    return { area, technology, changes, base, candidates, demand, weights };
  }

  /** Candidates ranked by their marginal gain over the network (or scenario), with the gain split into km2, people, reports. */
  async ranking(ctx: PlanningContext) {
    const areaKm2 = ctx.base.prepared.insidePixelCount * ctx.base.prepared.pixelAreaKm2;
    const byCode = new Map(ctx.candidates.map((c) => [c.code, c]));
    return (await this.tasks.run('rankDemand', { demand: ctx.demand })).map((r) => {
      const c = byCode.get(r.code)!;
      return {
        rank: r.rank,
        id: c.id,
        code: c.code,
        name: c.name,
        technology: c.technology,
        lon: c.lon,
        lat: c.lat,
        status: c.status,
        origin: c.origin,
        cost: c.cost,
        ...gainFields(r, areaKm2, r.gain),
        uniqueScore: r.uniqueGain,
        scorePerCost: r.gainPerCost,
        scoreParts: roundedParts(scoreParts(r, ctx.weights)),
      };
    });
  }

  /**
   * Greedy or exact (MCLP with HiGHS) plan of at most maxSites candidates within a budget; figures
   * before and after. The selection runs on a worker thread; `signal` (the client went away) abandons it.
   */
  async plan(ctx: PlanningContext, request: PlanRequest, username: string | null, signal?: AbortSignal) {
    const started = performance.now();
    const method = request.method ?? 'greedy';
    const timeLimitS = request.timeLimitS ?? Math.min(DEFAULT_PLAN_TIME_LIMIT_S, this.maxTimeLimitS);
    if (timeLimitS > this.maxTimeLimitS) {
      const message = `at most ${this.maxTimeLimitS} s on this server (PLAN_TIME_LIMIT_MAX_S)`;
      throw new UnprocessableError(`/body/timeLimitS: ${message}, got ${timeLimitS}`, [
        { field: '/body/timeLimitS', message, value: timeLimitS },
      ]);
    }
    const options = { method, maxSites: request.maxSites, budget: request.budget ?? null, timeLimitS } as const;
    const { steps, optimal, bound, gapPct, solverStatus } = await this.tasks.run('selectPlan', { demand: ctx.demand, options }, { signal });
    const areaKm2 = ctx.base.prepared.insidePixelCount * ctx.base.prepared.pixelAreaKm2;
    const selected = steps.map((step, k) => {
      const c = ctx.candidates[step.index];
      return { code: c.code, name: c.name, order: k + 1, gain: step.gain, cost: c.cost, ...gainFields(step, areaKm2, step.gain) };
    });
    const objective = selected.reduce((s, x) => s + x.gain, 0);
    const afterChanges: ScenarioChanges = { ...ctx.changes, addCandidates: [...ctx.changes.addCandidates, ...selected.map((s) => s.code)] };
    const before = await this.figures(ctx.base);
    const after = await this.figures(await this.coverage.run(ctx.area, ctx.technology, afterChanges));
    let savedScenario: { id: number; name: string } | null = null;
    if (request.saveAsScenario) {
      const s = await createScenario(
        this.db,
        this.coverage,
        ctx.area,
        {
          name: request.saveAsScenario,
          description: `${method} plan, ${ctx.technology}, ${selected.length} site(s)`,
          changes: afterChanges,
        },
        username,
      );
      savedScenario = { id: s.id, name: s.name };
    }
    return {
      technology: ctx.technology,
      method,
      selected,
      before,
      after,
      objective,
      optimal,
      bound,
      gapPct,
      totalCost: selected.reduce((s, x) => s + (x.cost ?? 0), 0),
      solverStatus,
      demandPoints: ctx.demand.demandPixels.length,
      computedMs: Math.round(performance.now() - started),
      savedScenario,
    };
  }

  /** Outdoor figures of a run in the shape of the coverage route. */
  figures(run: CoverageRun) {
    return figuresAnswer(this.coverage, run, run.technology, false, null);
  }

  /**
   * Problem hotspots (DBSCAN clusters of open reports) with, for each, whether it lies in predicted
   * coverage or in a gap of that network (majority of its reports' pixels).
   */
  async hotspots(
    area: Area,
    technology: 'GSM' | 'CDMA' | 'all',
    settings: Partial<HotspotSettings>,
    changes: ScenarioChanges = EMPTY_SCENARIO,
  ): Promise<Array<Hotspot & { uncoveredShare: number }>> {
    const reports = await this.coverage.reports(area);
    const byId = new Map(reports.map((r) => [String(r.id), r]));
    const hotspots = await this.tasks.run('hotspots', {
      reports: reports.map((r) => ({
        id: String(r.id),
        lon: r.lon,
        lat: r.lat,
        technology: r.technology,
        kind: r.kind as ReportKind,
        source: r.source as ReportSource,
        customerTier: r.customerTier as CustomerTier,
        reportedAt: r.reportedAt,
        status: r.status as ReportStatus,
      })),
      settings: { ...definedOnly(settings), technology },
    });
    const run = await this.coverage.run(area, (technology === 'all' ? 'any' : technology) as CoverageTechnology, changes);
    const sharesOf = createPixelShareCache(run.prepared.grid, run.prepared.mask);
    return hotspots.map((h) => {
      // Address-placed reports count with the uncovered part of their place's circle.
      const members = h.reportIds.map((id) => byId.get(id)!);
      const share = reportsUncoveredShare(run.prepared, run.raster, members, sharesOf);
      return { ...h, coverage: share > 0.5 ? 'gap' : 'covered', uncoveredShare: share };
    });
  }

  /**
   * Propose new candidate sites at the uncovered hotspots and the largest gaps of a network, inside the
   * area and at least minSpacingM from existing sites and candidates of that network; stored with origin
   * "generated" unless dryRun.
   */
  async generateCandidates(
    area: Area,
    technology: Technology,
    opts: { maxCount: number; minSpacingM: number; epsM?: number; minPoints?: number; dryRun: boolean },
  ) {
    const tech = technology === 'GSM' || technology === 'CDMA' ? technology : 'all';
    const hotspots = (await this.hotspots(area, tech, { epsM: opts.epsM, minPoints: opts.minPoints })).filter((h) => h.coverage === 'gap');
    const run = await this.coverage.run(area, technology);
    const gaps = (await this.coverage.gaps(run, false)).features;
    const needs: SiteNeed[] = [
      ...hotspots.map((h) => ({
        position: h.centroid,
        score: h.score * REPORT_NEED_WEIGHT,
        reason: `${h.id}: ${h.reportCount} reports, score ${h.score.toFixed(1)}`,
      })),
      ...gaps.map((g) => ({
        position: g.properties.centroid,
        score:
          g.properties.population + g.properties.areaKm2 * DEFAULT_DEMAND_WEIGHTS.areaKm2 + g.properties.reportCount * REPORT_NEED_WEIGHT,
        reason: `${g.properties.id}: ${g.properties.areaKm2.toFixed(2)} km2, ${Math.round(g.properties.population)} people, ${g.properties.reportCount} reports`,
      })),
    ];
    const existingCells = await this.coverage.existingCells(area);
    const candidates = await this.coverage.candidates(area);
    const occupied = [
      ...existingCells.filter((c) => c.technology === technology).map((c): [number, number] => [c.lon, c.lat]),
      ...candidates.filter((c) => c.technology === technology && c.status !== 'rejected').map((c): [number, number] => [c.lon, c.lat]),
    ];
    const proposals = proposeSites(needs, occupied, area.boundary, opts.minSpacingM, opts.maxCount);
    const taken = new Set(candidates.map((c) => c.code));
    let n = 1;
    const rows = proposals.map((p) => {
      while (taken.has(`GEN-${technology}-${String(n).padStart(3, '0')}`)) n++;
      const code = `GEN-${technology}-${String(n).padStart(3, '0')}`;
      taken.add(code);
      return {
        code,
        name: `自动候选 ${code}`,
        lon: round(p.position[0], 6),
        lat: round(p.position[1], 6),
        technology,
        cells: defaultSectorCells(technology),
        note: `generated for ${p.reason}; nearest site ${Math.round(p.nearestM)} m`,
      };
    });
    if (!opts.dryRun) await insertGeneratedCandidates(this.db, area, rows);
    return { technology, dryRun: opts.dryRun, hotspotsConsidered: hotspots.length, gapsConsidered: gaps.length, items: rows };
  }

  /**
   * Remedy advice for the uncovered (and indoor-complaint) hotspots and the gaps of a network, with the
   * evidence behind each: level and deficit at the target, parameter changes evaluated with the exact
   * link budget, donor coverage nearby, and the best candidate reaching the target. A gap is judged at
   * its busiest hotspot (else its centroid), and a hotspot inside a gap carries the gap's advice
   * (`insideGap`), so one place never gets two answers.
   */
  async remedies(
    area: Area,
    technology: 'GSM' | 'CDMA',
    settingsIn: Partial<RemedySettings>,
    changes: ScenarioChanges = EMPTY_SCENARIO,
    maxTargets = 40,
  ) {
    const settings = { ...DEFAULT_REMEDY_SETTINGS, ...definedOnly(settingsIn) };
    const ctx = await this.context(area, technology, { changes });
    const run = ctx.base;
    const threshold = area.settings.thresholdsDbm[technology];
    const ranking = await this.ranking(ctx);
    const coversOf = new Map(ctx.demand.model.candidates.map((c) => [c.code, c.covers]));
    const hotspots = await this.hotspots(area, technology, {}, changes);
    const gaps = (await this.coverage.gaps(run, false)).features;
    const outlines: GapOutline[] = gaps.map((g) => ({ id: g.properties.id, geometry: g.geometry }));
    const hotspotTargets = hotspots
      .filter((h) => h.coverage === 'gap' || (h.byKind.indoor ?? 0) / h.reportCount >= settings.indoorShare)
      .map(
        (h): RemedyTarget => ({
          kind: 'hotspot',
          id: h.id,
          centroid: h.centroid,
          areaKm2: null,
          population: null,
          reportCount: h.reportCount,
          indoorShare: (h.byKind.indoor ?? 0) / h.reportCount,
          covered: h.coverage === 'covered',
        }),
      );
    const gapTargets = gaps.map(
      (g): RemedyTarget => ({
        kind: 'gap',
        id: g.properties.id,
        centroid: g.properties.centroid,
        areaKm2: g.properties.areaKm2,
        population: g.properties.population,
        reportCount: g.properties.reportCount,
        indoorShare: 0,
        covered: false,
      }),
    );
    const cells = run.cells.filter((c) => c.technology === technology);
    const gapOfHotspot = new Map(hotspotTargets.map((h) => [h.id, gapAt(h.centroid, outlines)]));
    // Where a gap is judged: at its busiest hotspot (most reports) when it holds one, since that is
    // where people complain, else at its centroid.
    const focusOfGap = new Map<string, LonLat>();
    for (const h of [...hotspotTargets].sort((a, b) => b.reportCount - a.reportCount)) {
      const gapId = gapOfHotspot.get(h.id);
      if (gapId && !focusOfGap.has(gapId)) focusOfGap.set(gapId, h.centroid);
    }
    const advise = (target: RemedyTarget) => {
      const point = (target.kind === 'gap' ? focusOfGap.get(target.id) : undefined) ?? target.centroid;
      const [lon, lat] = point;
      const environment = environmentAt(run.prepared, lon, lat);
      const servers = pointQuery(cells, environment, area.settings, lon, lat, technology, {
        calibration: run.prepared.calibration,
      }).servers;
      const bestLevelDbm = servers[0]?.levelDbm ?? null;
      const options = servers
        .slice(0, 3)
        .flatMap((s) =>
          parameterOptions(cells[s.cellIndex], s.levelDbm, point, settings, (cell) =>
            levelAt(cell, environment, area, lon, lat, technology, run.prepared.calibration),
          ),
        );
      const pixel = lonLatToPixel(run.prepared.grid, lon, lat);
      const demandIndex = pixel ? sortedIndexOf(ctx.demand.demandPixels, pixel.index) : -1;
      const reaching = demandIndex >= 0 ? ranking.find((r) => sortedIndexOf(coversOf.get(r.code)!, demandIndex) >= 0) : undefined;
      const remedy = adviseRemedy(
        target,
        {
          thresholdDbm: threshold,
          bestLevelDbm,
          options,
          donorLevelDbm: roundOrNull(strongestLevelWithin(run.prepared, run.raster, lon, lat, settings.repeaterMaxDistanceKm), 2),
          candidate: reaching ? { code: reaching.code, name: reaching.name, rank: reaching.rank } : null,
        },
        settings,
      );
      return { ...remedy, environment, bestCell: servers[0]?.cell ?? null };
    };
    // One answer per place: each gap is advised once, and a hotspot inside a gap carries that advice
    // (computed even for a gap beyond maxTargets, so the hotspot never gets an answer of its own).
    const gapAdvice = new Map<string, ReturnType<typeof advise>>();
    const adviceOfGap = (target: RemedyTarget) => {
      let advice = gapAdvice.get(target.id);
      if (!advice) gapAdvice.set(target.id, (advice = advise(target)));
      return advice;
    };
    const gapTargetById = new Map(gapTargets.map((g) => [g.id, g]));
    return [...hotspotTargets, ...gapTargets].slice(0, maxTargets).map((target) => {
      if (target.kind === 'gap') return adviceOfGap(target);
      const gapId = gapOfHotspot.get(target.id) ?? null;
      if (gapId === null) return advise(target);
      const gap = adviceOfGap(gapTargetById.get(gapId)!);
      return { ...carryGapRemedy(target, gap), environment: gap.environment, bestCell: gap.bestCell };
    });
  }

  private async pickCandidates(area: Area, technology: Technology, changes: ScenarioChanges, codes?: string[]): Promise<Candidate[]> {
    const all = await this.coverage.candidates(area);
    const inScenario = new Set(changes.addCandidates);
    if (codes && codes.length > 0) {
      const byCode = new Map(all.map((c) => [c.code, c]));
      return codes
        .map((code, i) => {
          const c = byCode.get(code);
          if (!c)
            throw new UnprocessableError(`/body/candidateCodes/${i}: unknown candidate "${code}"`, [
              { field: `/body/candidateCodes/${i}`, message: 'unknown candidate', value: code },
            ]);
          if (c.technology !== technology) {
            throw new UnprocessableError(`/body/candidateCodes/${i}: candidate "${code}" is ${c.technology}, not ${technology}`, [
              { field: `/body/candidateCodes/${i}`, message: `technology is ${c.technology}`, value: code },
            ]);
          }
          return c;
        })
        .filter((c, i, arr) => arr.indexOf(c) === i && !inScenario.has(c.code));
    }
    return all.filter((c) => c.technology === technology && PLANNABLE_STATUSES.has(c.status) && !inScenario.has(c.code));
  }

  /**
   * The pixels each candidate would newly cover over the base run (incremental what-if, only its
   * footprint's blocks), computed on a worker for those not cached yet.
   */
  private async footprints(base: CoverageRun, candidates: readonly Candidate[]): Promise<Uint32Array[]> {
    const prefix = `${base.area.id}:${base.area.inputsVersion}:${base.technology}:${cellsDigest(base.cells)}:`;
    const keys = candidates.map((c) => prefix + JSON.stringify([c.lon, c.lat, c.cells]));
    const found = keys.map((key) => this.footprintCache.get(key));
    const missing = found.flatMap((pixels, k) => (pixels ? [] : [k]));
    if (missing.length > 0) {
      const computed = await this.tasks.run('footprints', {
        prepared: base.prepared,
        raster: base.raster,
        candidates: missing.map((k) => ({ cells: candidateCellSpecs(candidates[k]) })),
      });
      if (this.footprintCache.size + computed.length > 5000) this.footprintCache.clear();
      missing.forEach((k, i) => {
        found[k] = computed[i];
        this.footprintCache.set(keys[k], computed[i]);
      });
    }
    return found as Uint32Array[];
  }
}

function gainFields(parts: { areaKm2: number; population: number; reports: number }, areaKm2: number, score: number) {
  return {
    newlyCoveredKm2: round(parts.areaKm2, 4),
    newlyCoveredPopulation: Math.round(parts.population),
    newlyCoveredReports: round(parts.reports, 2),
    coveragePctGain: areaKm2 > 0 ? round((100 * parts.areaKm2) / areaKm2, 4) : 0,
    score: round(score, 3),
  };
}

function roundedParts(p: ScoreParts) {
  return { areaKm2: round(p.areaKm2, 3), population: round(p.population, 3), reports: round(p.reports, 3) };
}

function roundOrNull(v: number | null, digits: number): number | null {
  return v === null ? null : round(v, digits);
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function levelAt(
  cell: CellSpec,
  environment: ReturnType<typeof environmentAt>,
  area: Area,
  lon: number,
  lat: number,
  technology: Technology,
  calibration: CoverageRun['prepared']['calibration'],
): number {
  return (
    pointQuery([cell], environment, area.settings, lon, lat, technology, { calibration, cutoffMarginDb: 1000 }).servers[0]?.levelDbm ??
    -Infinity
  );
}
