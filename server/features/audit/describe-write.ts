/** What a write did, derived from its route when the route does not say (`config.audit`). */
export interface WriteDescription {
  entity: string | null;
  entityKey: string | null;
  action: string;
}

const ACTIONS: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' };

/**
 * Describe a write from its route pattern, e.g. `PATCH /api/v1/areas/:areaId/sites/:id` with
 * params `{ id: 7 }` is `{ entity: 'sites', entityKey: '7', action: 'update' }`. The key comes from
 * the route's trailing parameter, else from the answer's `id` (creates).
 */
export function describeWrite(
  method: string,
  routeUrl: string,
  params: Record<string, unknown>,
  answer: unknown,
  declared: { entity?: string; action?: string } = {},
): WriteDescription {
  const segments = routeUrl
    .replace(/^\/api\/v\d+(?=\/)/, '')
    .split('/')
    .filter((s) => s !== '');
  const last = segments.at(-1);
  const entity = declared.entity ?? segments.filter((s) => !s.startsWith(':')).at(-1) ?? null;
  let entityKey: string | null = null;
  if (last?.startsWith(':') && isKey(params[last.slice(1)])) entityKey = String(params[last.slice(1)]);
  else if (answer !== null && typeof answer === 'object' && isKey((answer as { id?: unknown }).id))
    entityKey = String((answer as { id: unknown }).id);
  return { entity, entityKey, action: declared.action ?? ACTIONS[method.toUpperCase()] ?? method.toLowerCase() };
}

function isKey(v: unknown): v is string | number {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}
