/**
 * `npm run import -- <kind> <file> --area <code> [options]`: import a file into an area through the
 * same code path as POST /api/v1/areas/:areaId/imports. Exit code 0: imported without errors;
 * 1: bad rows (or an unreadable file, or one refused by an import limit); 2: usage (bad arguments,
 * unknown area, missing file); 3: the database is unavailable (refused, terminated, dropped, not
 * accepting connections, too many clients).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { FormatError } from '../server/core/formats/errors.ts';
import { IMPORT_KINDS } from '../server/core/formats/kinds.ts';
import { ConfigError, loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/database.ts';
import { classifyDatabaseLoss, DATABASE_LOSS_TEXT } from '../server/db/database-loss.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { AppError } from '../server/errors.ts';
import { findArea, listAreas } from '../server/features/areas/repository.ts';
import { configuredImportLimits } from '../server/features/imports/limits.ts';
import { parseImportOptions } from '../server/features/imports/options.ts';
import { importFile, type ImportReport } from '../server/features/imports/service.ts';
import { langFromLocaleEnv, type ImportLang } from '../server/core/import/messages.ts';
import { fileSource } from '../server/features/imports/file-source.ts';
import type { DemImportReport } from '../server/contract/elevation.ts';
import { importDem } from '../server/features/elevation/service.ts';

export const USAGE = `usage: npm run import -- <kind> <file> --area <code|id> [options]
       npm run import -- --kind <kind> <file> --area <code|id> [options]
       npm run import -- dem <file> [<file>...] --area <code|id> [--dry-run] [--json]

kinds: ${IMPORT_KINDS.join(', ')}, dem (elevation model: GeoTIFF in EPSG:4326 or WGS84/UTM, SRTM .hgt,
       ESRI ASCII grid .asc with an optional .prj; several files are merged; replaces the area's DEM)
options:
  --kind <kind>               the kind, instead of the first argument
  --crs wgs84|gcj02|bd09      coordinates of the file (phone map apps: gcj02, Baidu: bd09)
  --encoding auto|utf8|gbk    text encoding of CSV files (default auto)
  --format csv|xlsx|geojson|kml|kmz|opencellid   override detection
  --mapping mapping.json      {"<column>": "<field>" | null} for columns not recognised
  --values values.json        {"<column>": {"<value>": "<category>"}} for categorical values not
                              recognised (e.g. {"问题描述": {"听不清": "other"}}); remembered for the
                              area and kind and applied again on the next import
  --source <source>           source of reports when the file has no source column
                              (callback, questionnaire, complaint, onsite-test, drive-test, 投诉…;
                              default unknown)
  --lang zh|en                language of the report (default: zh under a Chinese locale, else en)
  --sheet <name>              worksheet of an .xlsx file (default the first)
  --mcc 460 --mnc 1,3 --radio GSM,CDMA   OpenCelliD filters
  --tolerance-m <metres>      accept positions this far outside the area boundary
  --dry-run                   validate and count, write nothing
  --partial                   write the good rows even if some are bad
  --database-url <url>        PostgreSQL (default DATABASE_URL; else embedded under --data-dir)
  --data-dir <dir>            embedded database directory (default DATA_DIR or ./data)
  --user <name>               recorded in the import audit (default the OS user)
  --json                      print the report as JSON
exit code: 0 imported without errors, 1 bad rows, unreadable file or a file beyond the import limits,
2 usage, 3 database unavailable`;

/** Errors printed before "... and N more". */
const MAX_PRINTED_ERRORS = 50;
/** A progress line is shown on a terminal, or for files of more rows than this. */
const QUIET_BELOW_ROWS = 10_000;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** stderr is a terminal: redraw one progress line. */
  isTty: boolean;
  env: NodeJS.ProcessEnv;
}

const defaultIo: CliIo = {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
  isTty: Boolean(process.stderr.isTTY),
  env: process.env,
};

class UsageError extends Error {}

/** Run the command line; returns the exit code. */
export async function runImportCli(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        area: { type: 'string' },
        kind: { type: 'string' },
        crs: { type: 'string' },
        encoding: { type: 'string' },
        format: { type: 'string' },
        mapping: { type: 'string' },
        values: { type: 'string' },
        source: { type: 'string' },
        lang: { type: 'string' },
        sheet: { type: 'string' },
        mcc: { type: 'string' },
        mnc: { type: 'string' },
        radio: { type: 'string' },
        'tolerance-m': { type: 'string' },
        'dry-run': { type: 'boolean' },
        partial: { type: 'boolean' },
        'database-url': { type: 'string' },
        'data-dir': { type: 'string' },
        user: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.err(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  let database = 'the database';
  try {
    const [kind, file, ...extra] = values.kind === undefined ? positionals : [values.kind, ...positionals];
    if (kind === 'dem') {
      if (!file) throw new UsageError('expected at least one DEM file after dem');
      if (!values.area) throw new UsageError('--area is required');
      for (const f of [file, ...extra]) if (!existsSync(f) || !statSync(f).isFile()) throw new UsageError(`no such file: ${f}`);
      const config = loadConfig({
        ...io.env,
        ...(values['database-url'] ? { DATABASE_URL: values['database-url'] } : {}),
        ...(values['data-dir'] ? { DATA_DIR: values['data-dir'] } : {}),
      });
      database = config.databaseUrl ? withoutPassword(config.databaseUrl) : `the embedded database in ${config.dataDir}`;
      return await runDemImport(io, config, values.area, [file, ...extra], {
        dryRun: values['dry-run'] ?? false,
        json: values.json ?? false,
        username: values.user ?? io.env.USER ?? io.env.USERNAME ?? 'cli',
      });
    }
    if (!kind || !file || extra.length)
      throw new UsageError(
        `expected ${values.kind === undefined ? '<kind> <file>' : '<file> after --kind'}, got ${JSON.stringify(positionals)}`,
      );
    if (!values.area) throw new UsageError('--area is required');
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no such file: ${file}`);
    let mapping: string | undefined;
    if (values.mapping) {
      if (!existsSync(values.mapping)) throw new UsageError(`no such mapping file: ${values.mapping}`);
      mapping = readFileSync(values.mapping, 'utf8');
    }
    let valuesText: string | undefined;
    if (values.values) {
      if (!existsSync(values.values)) throw new UsageError(`no such value mapping file: ${values.values}`);
      valuesText = readFileSync(values.values, 'utf8');
    }
    const options = parseImportOptions(
      {
        kind,
        values: valuesText,
        source: values.source,
        lang: values.lang,
        format: values.format,
        encoding: values.encoding,
        crs: values.crs,
        mapping,
        sheet: values.sheet,
        mcc: values.mcc,
        mnc: values.mnc,
        radio: values.radio,
        boundaryToleranceM: values['tolerance-m'],
        dryRun: values['dry-run'] ? 'true' : undefined,
        partial: values.partial ? 'true' : undefined,
      },
      '--',
    );
    const config = loadConfig({
      ...io.env,
      ...(values['database-url'] ? { DATABASE_URL: values['database-url'] } : {}),
      ...(values['data-dir'] ? { DATA_DIR: values['data-dir'] } : {}),
    });
    database = config.databaseUrl ? withoutPassword(config.databaseUrl) : `the embedded database in ${config.dataDir}`;
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
      const progress = progressLine(io, statSync(file).size);
      const lang = options.lang ?? langFromLocaleEnv(io.env);
      const report = await importFile(handle.db, {
        ...options,
        lang,
        areaId: area.id,
        source: { bytes: fileSource(file) },
        fileName: basename(file),
        limits: configuredImportLimits(config),
        username: values.user ?? io.env.USER ?? io.env.USERNAME ?? 'cli',
        onProgress: progress.update,
      });
      progress.done();
      io.out(values.json ? JSON.stringify(report, null, 2) : formatReport(report, area.code, lang));
      return report.errorCount > 0 ? 1 : 0;
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof AppError && err.statusCode === 400) {
      io.err(err.message);
      return 2;
    }
    if (err instanceof AppError && (err.statusCode === 413 || err.statusCode === 422)) {
      // A file refused by an import limit: the API's message, naming the file, the limit and its setting.
      io.err(err.message);
      return 1;
    }
    if (err instanceof FormatError) {
      io.err(`cannot read ${positionals[1]}: ${err.message}`);
      return 1;
    }
    if (err instanceof ConfigError) {
      io.err(err.message);
      return 2;
    }
    const loss = classifyDatabaseLoss(err);
    if (loss) {
      io.err(
        `cannot import ${positionals[1]}: the database is unavailable (${DATABASE_LOSS_TEXT[loss.kind]}${loss.code ? `, ${loss.code}` : ''}) at ${database}. ` +
          'An import is one transaction, so nothing was written half-way; run it again once the database is back.',
      );
      return 3;
    }
    throw err;
  }
}

/** `dem <file...>`: read, merge and store the area's elevation model; exit 1 when a file is refused. */
async function runDemImport(
  io: CliIo,
  config: ReturnType<typeof loadConfig>,
  areaKey: string,
  paths: string[],
  options: { dryRun: boolean; json: boolean; username: string },
): Promise<number> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
    const area = await findArea(handle.db, areaKey);
    if (!area) {
      const known = (await listAreas(handle.db)).map((a) => a.code);
      throw new UsageError(`no area "${areaKey}"${known.length ? `; areas: ${known.join(', ')}` : ' (the database has no area yet)'}`);
    }
    const files = paths.map((p) => ({ name: basename(p), bytes: readFileSync(p) }));
    try {
      const report = await importDem(handle.db, {
        area,
        files,
        maxExpandedBytes: configuredImportLimits(config).maxExpandedBytes,
        username: options.username,
        dryRun: options.dryRun,
      });
      io.out(options.json ? JSON.stringify(report, null, 2) : formatDemReport(report, area.code));
      return 0;
    } catch (err) {
      if (err instanceof AppError && err.statusCode >= 400 && err.statusCode < 500) {
        io.err(`DEM REFUSED (nothing written): ${err.message}`);
        return 1;
      }
      throw err;
    }
  } finally {
    await handle.close();
  }
}

/** A DEM import report as people read it. */
export function formatDemReport(r: DemImportReport, areaCode: string): string {
  const outcome = r.dryRun ? 'DRY RUN (nothing written)' : r.replaced ? 'IMPORTED (replaces the previous DEM)' : 'IMPORTED';
  const units = r.epsg === 4326 ? '°' : ' m';
  return [
    `${outcome}: DEM of ${areaCode} from ${r.files.map((f) => `${f.name} (${f.format}, ${f.width}×${f.height})`).join(', ')}`,
    `grid: ${r.width}×${r.height} cells of ${r.cellSizeX.toPrecision(6)}${units} × ${r.cellSizeY.toPrecision(6)}${units} (≈${r.cellSizeM.toFixed(0)} m) in EPSG:${r.epsg}`,
    `heights: ${r.minHeightM.toFixed(1)} to ${r.maxHeightM.toFixed(1)} m; voids filled: ${r.voidsFilled}; area covered: ${r.coveredPercent.toFixed(1)} %`,
    `stored: ${r.storedBytes} bytes (deflated)`,
  ].join('\n');
}

/** A database URL fit to print: its password replaced by `***`. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

/** A one-line progress display on stderr: redrawn on a terminal, else a line per 100k rows. */
function progressLine(io: CliIo, fileBytes: number): { update(rows: number, bytes: number): void; done(): void } {
  const started = Date.now();
  let shown = false;
  let lastLogged = 0;
  const render = (rows: number, bytes: number) => {
    const seconds = (Date.now() - started) / 1000;
    const fraction = fileBytes > 0 ? Math.min(1, bytes / fileBytes) : 0;
    const width = 30;
    const bar = '#'.repeat(Math.round(fraction * width)).padEnd(width, '.');
    return `[${bar}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${rows.toLocaleString('en')} rows  ${Math.round(rows / Math.max(seconds, 0.001)).toLocaleString('en')} rows/s`;
  };
  return {
    update(rows, bytes) {
      if (!io.isTty && rows < QUIET_BELOW_ROWS) return;
      if (io.isTty) {
        process.stderr.write(`\r${render(rows, bytes)}`);
        shown = true;
      } else if (rows - lastLogged >= 100_000 || rows === QUIET_BELOW_ROWS) {
        lastLogged = rows;
        io.err(render(rows, bytes));
      }
    },
    done() {
      if (shown) process.stderr.write('\n');
    },
  };
}

/** The words of the printed report, in English and Chinese. */
const REPORT_TEXT = {
  en: {
    dryRun: 'DRY RUN (nothing written)',
    importedGood: 'IMPORTED (good rows only)',
    imported: 'IMPORTED',
    rejected: 'REJECTED (nothing written)',
    head: (r: ImportReport, area: string, format: string) => `${r.fileName} → ${area} as ${r.kind} (${format}), import #${r.importId}`,
    rows: (r: ImportReport) =>
      `rows: ${r.rowsTotal} read, ${r.rowsInserted} inserted, ${r.rowsUpdated} updated, ${r.rowsRejected} rejected, ${r.rowsSkipped} skipped`,
    sites: (c: { inserted: number; updated: number }) => `; sites: ${c.inserted} inserted, ${c.updated} updated`,
    errors: (n: number) => `${n} error(s):`,
    error: (line: number, column: string, reason: string, value: string) =>
      `  line ${line}, ${column}: ${reason}${value ? ` (value "${value}")` : ''}`,
    more: (n: number, listed: number) => `  ... and ${n} more (--json lists the first ${listed})`,
    warnings: 'warnings:',
  },
  zh: {
    dryRun: '试运行（未写入任何数据）',
    importedGood: '已导入（仅正确的行）',
    imported: '已导入',
    rejected: '已拒绝（未写入任何数据）',
    head: (r: ImportReport, area: string, format: string) => `${r.fileName} → ${area}，类型 ${r.kind}（${format}），导入 #${r.importId}`,
    rows: (r: ImportReport) =>
      `行：读取 ${r.rowsTotal}，新增 ${r.rowsInserted}，更新 ${r.rowsUpdated}，拒绝 ${r.rowsRejected}，跳过 ${r.rowsSkipped}`,
    sites: (c: { inserted: number; updated: number }) => `；基站：新增 ${c.inserted}，更新 ${c.updated}`,
    errors: (n: number) => `${n} 个错误：`,
    error: (line: number, column: string, reason: string, value: string) =>
      `  第 ${line} 行，列"${column}"：${reason}${value ? `（值"${value}"）` : ''}`,
    more: (n: number, listed: number) => `  ……另有 ${n} 个（--json 列出前 ${listed} 个）`,
    warnings: '警告：',
  },
} as const;

/** The report as people read it: outcome, counts, then bad rows with line, column and reason. */
export function formatReport(r: ImportReport, areaCode: string, lang: ImportLang = 'en'): string {
  const w = REPORT_TEXT[lang];
  const outcome = r.dryRun ? w.dryRun : r.committed ? (r.rowsRejected ? w.importedGood : w.imported) : w.rejected;
  const format = `${r.format}${r.format === 'csv' || r.format === 'opencellid' ? `, ${r.encoding}` : ''}`;
  const lines = [
    `${outcome}: ${w.head(r, areaCode, format)}`,
    w.rows(r) + (r.sites ? w.sites(r.sites) : ''),
    `sha256: ${r.sha256}  (${(r.durationMs / 1000).toFixed(1)} s)`,
  ];
  if (r.errorCount) {
    lines.push(w.errors(r.errorCount));
    for (const e of r.errors.slice(0, MAX_PRINTED_ERRORS)) lines.push(w.error(e.line, e.column, e.reason, e.value));
    if (r.errorCount > MAX_PRINTED_ERRORS) lines.push(w.more(r.errorCount - MAX_PRINTED_ERRORS, r.errors.length));
  }
  if (r.warnings.length) {
    lines.push(w.warnings);
    for (const warning of r.warnings) lines.push(`  ${warning}`);
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runImportCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
