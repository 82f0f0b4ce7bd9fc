import { TEST_BOUNDARY } from '../../helpers/app.ts';
import { adminToken, request, startServer, type ChildDatabase, type ServerRun } from './child-server.ts';
import { multipartBody } from './route-fuzz.ts';

/** 50k rows keep each file under a minute on a busy 2-core machine; FAULT_IMPORT_ROWS=200000 for the full run. */
export const IMPORT_ROWS = Number(process.env.FAULT_IMPORT_ROWS ?? 50_000);

/** A reports CSV of `rows` rows inside TEST_BOUNDARY (deterministic), external ids prefixed. */
export function reportsCsv(rows: number, prefix: string): Buffer {
  const lines = ['external_id,lon,lat,technology,kind,source,reported_at,address'];
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < rows; i++) {
    lines.push(
      `${prefix}-${i},${(124.801 + next() * 0.098).toFixed(6)},${(46.601 + next() * 0.098).toFixed(6)},GSM,weak-signal,callback,2006-05-01T08:00:00Z,Building ${i}`,
    );
  }
  return Buffer.from(lines.join('\n') + '\n');
}

/** The multipart form of a reports upload. */
export function reportsForm(fileName: string, content: Buffer): { raw: Buffer; headers: Record<string, string> } {
  const form = multipartBody([
    { name: 'kind', value: 'reports' },
    { name: 'file', fileName, content },
  ]);
  return { raw: form.payload, headers: form.headers };
}

/** Problem reports stored in the area "kill", read through the API. */
export async function reportCount(server: ServerRun, token: string): Promise<number> {
  const res = await request(server.url, 'GET', '/api/v1/areas/kill/reports?limit=1', { token });
  if (res.status !== 200) throw new Error(`count: ${res.status} ${res.body}`);
  return res.json().numberMatched as number;
}

/** Start a child server on `db`, get an admin token and create the area "kill". */
export async function serverWithArea(db: ChildDatabase): Promise<{ server: ServerRun; token: string }> {
  const server = await startServer(db);
  const token = await adminToken(server.url);
  const area = await request(server.url, 'POST', '/api/v1/areas', {
    token,
    body: { code: 'kill', name: 'Kill test', boundary: TEST_BOUNDARY },
  });
  if (area.status !== 201) throw new Error(`area: ${area.status} ${area.body}`);
  return { server, token };
}
