import { fuzzRoutesSuite } from './helpers/fuzz-suite.ts';

/** Property-based requests against the data routes: areas and every layer's CRUD. */
const DATA =
  /^\/api\/v1\/areas(\/:areaId(\/(sites|cells|scenarios|reports|candidates|clutter|settlements|measurements)(\/:[a-zA-Z]+)?)?)?$/;

fuzzRoutesSuite(
  'data routes under hostile input',
  (e) => DATA.test(e.url),
  (e) => (e.method === 'GET' ? 15 : 30),
);
