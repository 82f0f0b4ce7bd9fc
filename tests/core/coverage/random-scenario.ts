import type { CoverageInputs } from '../../../server/core/coverage/prepared-area.ts';
import type { CellSpec, EnvironmentClass } from '../../../server/core/model.ts';
import { seededRandom } from '../geo/fixtures.ts';
import { makeCell, offsetKm, rectangleKm, squareArea } from './fixtures.ts';

const ENVIRONMENTS: EnvironmentClass[] = ['urban-large', 'urban', 'suburban', 'rural'];

/** A seeded mixed scenario: clutter patches of every class and GSM/CDMA sites, sectored or omni. */
export function randomScenario(
  seed: number,
  halfKm: number,
  siteCount: number,
  resolutionM: number,
): { inputs: CoverageInputs; cells: CellSpec[] } {
  const random = seededRandom(seed);
  const inputs = squareArea(halfKm, { resolutionM, defaultEnvironment: 'rural' });
  for (let k = 0; k < 12; k++) {
    const x = (random() * 2 - 1) * halfKm;
    const y = (random() * 2 - 1) * halfKm;
    const size = 0.5 + random() * 3;
    inputs.clutter.push({ environment: ENVIRONMENTS[k % 4], geometry: rectangleKm(x, y, x + size, y + size) });
  }
  const cells: CellSpec[] = [];
  for (let s = 0; s < siteCount; s++) {
    const [lon, lat] = offsetKm((random() * 2 - 1) * halfKm, (random() * 2 - 1) * halfKm);
    const technology = random() < 0.5 ? 'GSM' : 'CDMA';
    const omni = random() < 0.2;
    const rotation = random() * 360;
    const height = 25 + random() * 20;
    for (let k = 0; k < (omni ? 1 : 3); k++) {
      cells.push(
        makeCell({
          key: `R${seed}-${s}/${k}`,
          siteCode: `R${seed}-${s}`,
          cellCode: String(k),
          lon,
          lat,
          technology,
          frequencyMhz: technology === 'GSM' ? (random() < 0.2 ? 1800 : 940) : 870,
          heightM: height,
          azimuthDeg: omni ? null : (rotation + k * 120) % 360,
          beamwidthDeg: 65,
          tiltDeg: 2 + random() * 5,
          powerDbm: 36 + random() * 7,
          gainDbi: omni ? 10 : 15,
          lossDb: 3,
        }),
      );
    }
  }
  return { inputs, cells };
}
