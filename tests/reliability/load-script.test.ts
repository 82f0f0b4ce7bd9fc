import { describe, expect, it } from 'vitest';
import { formatFigures, runLoad, type LoadOptions } from '../../scripts/load.ts';

/** `npm run load` end to end for a few seconds: every kind of read answered 2xx, recomputes happen. */
describe('npm run load (short run)', () => {
  it('serves every kind of read without errors while recomputing, and prints the figures with the targets', async () => {
    const options: LoadOptions = { durationS: 4, connections: 3, recomputeEveryS: 1 };
    const figures = await runLoad(options, () => {});
    const table = formatFigures(figures, options);
    console.log(table);
    expect(figures.reads.map((r) => r.name)).toEqual(['cells GeoJSON (cached)', 'reports in a bbox', 'coverage figures GSM/CDMA/any']);
    for (const r of figures.reads) expect(r.errors + r.timeouts + r.non2xx, r.name).toBe(0);
    // On a busy machine the coverage reads of a few seconds may all be waiting for the recompute.
    expect(figures.reads[0].requests).toBeGreaterThan(0);
    expect(figures.reads[1].requests).toBeGreaterThan(0);
    expect(figures.recomputes.count).toBeGreaterThanOrEqual(1);
    expect(figures.recomputes.failures).toBe(0);
    expect(figures.eventLoopDelay.maxMs).toBeGreaterThan(0);
    expect(table).toMatch(/target: cached GeoJSON reads >= 1500 req\/s/);
    expect(table).toMatch(/target: p99 <= 50 ms/);
  });
});
