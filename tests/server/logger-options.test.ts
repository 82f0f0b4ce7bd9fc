import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { loggerOptions, resolveLogFormat } from '../../server/logger-options.ts';

describe('log format', () => {
  it('is readable lines on a terminal and JSON otherwise, unless LOG_FORMAT says', () => {
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });
  it('reads LOG_FORMAT (default auto) and refuses other values naming the variable', () => {
    expect(loadConfig({}).logFormat).toBe('auto');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT.*"xml"/);
  });
  it('gives Fastify JSON logging, a pino-pretty stream, or none', () => {
    expect(loggerOptions('silent', 'pretty')).toBe(false);
    expect(loggerOptions(undefined)).toBe(false);
    expect(loggerOptions('info', 'json')).toEqual({ level: 'info' });
    const pretty = loggerOptions('warn', 'pretty') as { level: string; stream: NodeJS.WritableStream };
    expect(pretty.level).toBe('warn');
    expect(typeof pretty.stream.write).toBe('function');
  });
});
