/**
 * `npm run calibrate -- --area <code> [--technology GSM|CDMA|all] [--apply]`: fit the path-loss model
 * to the area's drive-test measurements and print before/after statistics, through the same code path
 * as POST /api/v1/areas/:areaId/calibration. Exit code 0: done; 1: nothing to calibrate; 2: usage.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { formatCalibrationTable } from '../server/core/calibration/report-table.ts';
import { ConfigError, loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { AppError } from '../server/errors.ts';
import { findArea, listAreas } from '../server/features/areas/repository.ts';
import type { CalibrationTechnology } from '../server/features/calibration/repository.ts';
import { runCalibration, type CalibrationView } from '../server/features/calibration/service.ts';
import { inlineEngine } from '../server/features/coverage/engine.ts';
import { CoverageService } from '../server/features/coverage/service.ts';
import { setUpCoverageKernel } from '../server/workers/coverage-kernel.ts';

export const USAGE = `usage: npm run calibrate -- --area <code|id> [options]

options:
  --technology GSM|CDMA|all   measurements to fit on (default all)
  --apply                     store the fitted terms and enable them for the area's coverage
  --min-samples <n>           per environment class (default 30)
  --database-url <url>        PostgreSQL (default DATABASE_URL; else embedded under --data-dir)
  --data-dir <dir>            embedded database directory (default DATA_DIR or ./data)
  --user <name>               recorded as the calibration's author (default the OS user)
  --json                      print the result as JSON
exit code: 0 calibrated, 1 nothing to calibrate (no usable measurements), 2 usage`;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

const defaultIo: CliIo = { out: (t) => process.stdout.write(t + '\n'), err: (t) => process.stderr.write(t + '\n'), env: process.env };

const TECHNOLOGIES: readonly CalibrationTechnology[] = ['GSM', 'CDMA', 'all'];

class UsageError extends Error {}

/** Run the command line; returns the exit code. */
export async function runCalibrateCli(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        area: { type: 'string' },
        technology: { type: 'string' },
        apply: { type: 'boolean' },
        'min-samples': { type: 'string' },
        'database-url': { type: 'string' },
        'data-dir': { type: 'string' },
        user: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    io.err(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  try {
    if (!values.area) throw new UsageError('--area is required');
    const technology = (values.technology ?? 'all') as CalibrationTechnology;
    if (!TECHNOLOGIES.includes(technology))
      throw new UsageError(`--technology must be one of ${TECHNOLOGIES.join(', ')}, got "${values.technology}"`);
    const minSamples = values['min-samples'] === undefined ? undefined : Number(values['min-samples']);
    if (minSamples !== undefined && !(Number.isInteger(minSamples) && minSamples >= 1))
      throw new UsageError(`--min-samples must be a whole number >= 1, got "${values['min-samples']}"`);
    const config = loadConfig({
      ...io.env,
      ...(values['database-url'] ? { DATABASE_URL: values['database-url'] } : {}),
      ...(values['data-dir'] ? { DATA_DIR: values['data-dir'] } : {}),
    });
    setUpCoverageKernel(config.coverageKernel);
    const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      await migrateToLatest(handle.db);
      const area = await findArea(handle.db, values.area);
      if (!area) {
        const known = (await listAreas(handle.db)).map((a) => a.code);
        throw new UsageError(
          `no area "${values.area}"${known.length ? `; areas: ${known.join(', ')}` : ' (the database has no area yet)'}`,
        );
      }
      const coverage = new CoverageService(handle.db, inlineEngine);
      const username = values.user ?? io.env.USER ?? io.env.USERNAME ?? 'cli';
      const result = await runCalibration(handle.db, coverage, area, { technology, apply: values.apply ?? false, minSamples }, username);
      io.out(values.json ? JSON.stringify(result, null, 2) : formatResult(result, area.code));
      return 0;
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      io.err(err instanceof UsageError ? `${err.message}\n\n${USAGE}` : err.message);
      return 2;
    }
    if (err instanceof AppError && err.statusCode === 422) {
      io.err(err.message);
      return 1;
    }
    throw err;
  }
}

/** Heading, the before/after table and what happened to the terms. */
export function formatResult(r: CalibrationView, areaCode: string): string {
  const networks = r.technology === 'all' ? 'all networks' : r.technology;
  const outcome = r.applied
    ? `APPLIED: calibration #${r.id} is now enabled for ${areaCode}; coverage uses these terms (DELETE /api/v1/areas/${areaCode}/calibration to undo).`
    : 'REPORT ONLY: nothing stored; run with --apply to enable these terms.';
  return [`Drive-test calibration of ${areaCode} (${networks})`, formatCalibrationTable(r), '', outcome].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCalibrateCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
