import { fuzzRoutesSuite } from './helpers/fuzz-suite.ts';

/** Property-based requests against everything else: coverage, planning, calibration, imports, exports, OGC, auth, users. */
const DATA =
  /^\/api\/v1\/areas(\/:areaId(\/(sites|cells|scenarios|reports|candidates|clutter|settlements|measurements)(\/:[a-zA-Z]+)?)?)?$/;

fuzzRoutesSuite(
  'service routes under hostile input',
  (e) => !DATA.test(e.url),
  (e) => (e.expensive ? 12 : e.method === 'GET' ? 15 : 20),
);
