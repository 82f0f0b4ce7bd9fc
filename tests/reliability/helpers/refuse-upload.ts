/**
 * A child process for the memory tests of refused uploads: `refuse-upload.ts <file> <kind> <copies>`
 * builds the app on DATA_DIR or DATABASE_URL (default limits), uploads the file `copies` times at
 * once and prints one JSON line: each answer's status and error code, and how far the peak resident
 * set rose above the resident set just before the uploads. On Linux the peak is reset first
 * (/proc/self/clear_refs), so it is the uploads' own; elsewhere it is the process's (an upper bound).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { buildApp } from '../../../server/app.ts';
import { createApiToken } from '../../../server/features/auth/auth-service.ts';
import { findUserByUsername } from '../../../server/features/auth/repository.ts';
import { INITIAL_ADMIN } from '../../../server/features/auth/users-service.ts';
import { insertTestArea } from '../../features/imports/helpers.ts';
import { multipartBody } from './route-fuzz.ts';

const [file, kind, copies] = process.argv.slice(2);
const app = await buildApp({
  databaseUrl: process.env.DATABASE_URL || undefined,
  dataDir: process.env.DATA_DIR ?? '',
  seedDemo: false,
  logLevel: 'silent',
  workerThreads: 1,
  adminPassword: 'refuse-upload-admin',
});
try {
  const admin = await findUserByUsername(app.db, INITIAL_ADMIN);
  const { token } = await createApiToken(app.db, admin!.id, 'memory test');
  const areaId = await insertTestArea(app.db, `bombs-${process.pid}`);
  const form = multipartBody([
    { name: 'kind', value: kind },
    { name: 'file', fileName: basename(file), content: readFileSync(file) },
  ]);
  (globalThis as { gc?: () => void }).gc?.();
  const peakReset = resetPeak();
  const rssBefore = process.memoryUsage().rss;
  const answers = await Promise.all(
    Array.from({ length: Number(copies) }, () =>
      app.inject({
        method: 'POST',
        url: `/api/v1/areas/${areaId}/imports`,
        payload: form.payload,
        headers: { ...form.headers, authorization: `Bearer ${token}` },
      }),
    ),
  );
  const peakRss = (peakReset && statusKb('VmHWM')) || process.resourceUsage().maxRSS * 1024;
  console.log(
    JSON.stringify({
      answers: answers.map((a) => ({
        status: a.statusCode,
        error: a.json().error as string,
        message: (a.json().message as string)?.slice(0, 300),
      })),
      rssBeforeMb: Math.round(rssBefore / 2 ** 20),
      peakGrowthMb: Math.round((peakRss - rssBefore) / 2 ** 20),
      peakOf: peakReset ? 'uploads' : 'process',
    }),
  );
} finally {
  await app.close();
}

/** Reset the kernel's peak resident set of this process to its current one (Linux). */
function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** A size line of /proc/self/status, in bytes (0 when unreadable). */
function statusKb(field: string): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
