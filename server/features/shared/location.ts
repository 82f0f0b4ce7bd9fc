import type { Area } from '../areas/repository.ts';
import { UnprocessableError } from '../../errors.ts';

/** Sites just outside an area still serve it: they may stand up to this far outside its bbox. */
export const SITE_MARGIN_DEG = 0.5;
/** Reports, measurements and candidates belong to the area: a small tolerance for coarse boundaries. */
export const POINT_MARGIN_DEG = 0.02;

/** Reject a position that is not within the area's bbox grown by `marginDeg`; the error names the field. */
export function checkNearArea(area: Area, lon: number, lat: number, marginDeg: number, field = '/body'): void {
  const [a, b, c, d] = area.bbox;
  if (lon < a - marginDeg || lon > c + marginDeg || lat < b - marginDeg || lat > d + marginDeg) {
    throw new UnprocessableError(
      `${field}: position [${lon}, ${lat}] is outside area "${area.code}" (bbox ${area.bbox.map((v) => v.toFixed(3)).join(',')})`,
      [{ field: `${field}/lon`, message: 'outside the area', value: [lon, lat] }],
    );
  }
}
