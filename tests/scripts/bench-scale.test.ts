import { describe, expect, it } from 'vitest';
import { parseScaleArgs, runScaleBench, syntheticProvince } from '../../scripts/bench/scale.ts';

const postgresUrl = process.env.TEST_DATABASE_URL;

describe('bench scale: options and the synthetic province', () => {
  it('needs a PostgreSQL URL and names the option of a bad value', () => {
    expect(() => parseScaleArgs([])).toThrow(/--database-url/);
    expect(() => parseScaleArgs(['--database-url', 'file:///tmp/x'])).toThrow(/--database-url/);
    const url = ['--database-url', 'postgres://u@h:5432/d'];
    expect(() => parseScaleArgs([...url, '--workers', '1,x'])).toThrow(/--workers/);
    expect(() => parseScaleArgs([...url, '--area-km2', '-5'])).toThrow(/--area-km2/);
    expect(() => parseScaleArgs([...url, '--resolution-m'])).toThrow(/--resolution-m needs a value/);
    expect(parseScaleArgs([...url, '--area-km2', '470000', '--workers', '2,4', '--json'])).toMatchObject({
      areaKm2: 470000,
      resolutionM: 25,
      workers: [2, 4],
      json: true,
    });
  });

  it('is seeded and has one site per 23.5 km² with 3 cells of one network each', () => {
    const a = syntheticProvince(4700, 7);
    expect(syntheticProvince(4700, 7)).toEqual(a);
    expect(syntheticProvince(4700, 8).sites[0]).not.toEqual(a.sites[0]);
    expect(a.sites).toHaveLength(200);
    const networks = new Set(a.sites.map((s) => s.cells[0].technology));
    expect(networks).toEqual(new Set(['GSM', 'CDMA']));
    for (const s of a.sites) {
      expect(s.cells).toHaveLength(3);
      expect(new Set(s.cells.map((c) => c.technology)).size).toBe(1);
      expect(s.cells[0].frequencyMhz).toBe(s.cells[0].technology === 'GSM' ? 940 : 870);
    }
  });
});

describe.skipIf(!postgresUrl)('bench scale on PostgreSQL (needs TEST_DATABASE_URL: the tile queue and workers need PostgreSQL)', () => {
  it('works a tiny province with one worker process and the figures from its tiles equal the in-process ones', async () => {
    const lines: string[] = [];
    const result = await runScaleBench(
      { databaseUrl: postgresUrl!, areaKm2: 200, resolutionM: 100, workers: [1], seed: 3, checkMaxMpx: 60 },
      (line) => lines.push(line),
    );
    expect(result.sites).toBe(9);
    expect(result.runs).toHaveLength(1);
    const [run] = result.runs;
    expect(run.tilesTotal).toBe(2 * result.tilesPerNetwork);
    expect(run.workerPeakRssMb).toHaveLength(1);
    expect(run.workerPeakRssMb[0]).toBeGreaterThan(0);
    // The worker's per-tile lines were read: its computing share is a share of the wall time.
    expect(run.workerComputeShare).toHaveLength(1);
    expect(run.workerComputeShare[0]).toBeGreaterThanOrEqual(0);
    expect(run.workerComputeShare[0]).toBeLessThanOrEqual(1);
    expect(result.identical).toEqual({ GSM: true, CDMA: true });
    expect(result.figures!.GSM.areaKm2).toBeGreaterThan(150);
    expect(result.figures!.GSM.areaKm2).toBeLessThan(250);
    expect(lines.join('\n')).toMatch(/GSM identical .* CDMA identical/);
  }, 180_000);
});
