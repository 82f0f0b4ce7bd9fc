import type { FastifyServerOptions } from 'fastify';
import pretty from 'pino-pretty';
import type { Config } from './config.ts';

/** How log lines are written: JSON (one object per line) or readable lines for a person. */
export type LogFormat = 'json' | 'pretty';

/**
 * 'auto' (LOG_FORMAT unset): readable lines when stdout is a terminal (`npm start` in a shell), JSON
 * otherwise (a file, a pipe, a log collector).
 */
export function resolveLogFormat(setting: Config['logFormat'], stdoutIsTty: boolean): LogFormat {
  return setting === 'auto' ? (stdoutIsTty ? 'pretty' : 'json') : setting;
}

/**
 * Fastify's logger option for a level and format: off when silent; pino's JSON lines; or pino-pretty
 * as a synchronous stream on stdout (no transport thread, so nothing is lost on process.exit),
 * local time, without pid and hostname.
 */
export function loggerOptions(level: Config['logLevel'] | undefined, format: LogFormat = 'json'): FastifyServerOptions['logger'] {
  if (!level || level === 'silent') return false;
  if (format === 'json') return { level };
  return { level, stream: pretty({ sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }) };
}
