import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findArea } from '../../../server/features/areas/repository.ts';
import { areaDemInfo } from '../../../server/features/elevation/repository.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';

/** The first start loads the demo's elevation model with the rest of the Ranghulu data. */
describe.each(TEST_DATABASES)('the demo elevation model on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(target, { seedDemo: true });
  }, 300_000);
  afterAll(async () => t?.close());

  it('is stored for Ranghulu and gives every inside pixel a height on the plain', async () => {
    const area = await findArea(t.app.db, 'ranghulu');
    if (!area) throw new Error('no demo area');
    const info = await areaDemInfo(t.app.db, area.id);
    expect(info).toMatchObject({ epsg: 4326, voidsFilled: 0, username: 'demo-seed', sources: [{ name: 'dem.tif', format: 'geotiff' }] });
    const prepared = await t.app.coverage.prepared(area);
    const ground = prepared.groundHeightM;
    if (!ground) throw new Error('no ground height');
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < ground.length; i++) {
      if (prepared.mask[i] === 0) continue;
      min = Math.min(min, ground[i]);
      max = Math.max(max, ground[i]);
    }
    expect(min).toBeGreaterThanOrEqual(138);
    expect(max).toBeLessThanOrEqual(160);
    expect(max - min).toBeGreaterThan(8);
  });
});
