import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHILD_ADMIN_PASSWORD, REPO_ROOT, freePort, runNodeScript, type ChildRun } from './helpers/child-server.ts';

/** What `npm start` runs once the web client and the kernel are built: the last command of its script. */
const START_COMMAND = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  .split('&&')
  .pop()!
  .trim();

/** Log lines of a child that logs JSON, parsed; anything else (a stack trace, a console.error) kept as text. */
function logLines(output: string): ({ level: number; msg: string } | string)[] {
  return output
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as { level: number; msg: string };
      } catch {
        return l;
      }
    });
}

/**
 * SIGTERM to the process group of the service as `npm start` runs it (as a terminal, systemd or
 * `docker stop` send it) shortly after start, while the worker threads still load and compile the
 * kernel: the service shuts down quietly (exit 0 after its graceful shutdown, no warning or error
 * line, no stack trace). The signal also stops the TypeScript loader's helper processes, so the
 * warm-up in the workers fails; that failure used to be logged as a warning with its stack ("The
 * service is no longer running", "Unknown file extension .ts"). And the tsx command line, which
 * `npm start` used to run, kills its child with SIGKILL when the child's event loop does not answer
 * its signal relay within 60 ms (busy compiling the what-if path just after start): exit 143.
 */
describe('SIGTERM during the coverage worker warm-up', () => {
  let child: ChildRun | undefined;
  afterEach(async () => {
    if (child && child.proc.exitCode === null && child.proc.signalCode === null) {
      process.kill(-child.proc.pid!, 'SIGKILL');
      await child.exited;
    }
  });

  it.each([0, 300])('shuts down quietly when the signal comes %i ms after the service listens', async (delayMs) => {
    const port = await freePort();
    child = runNodeScript(
      'server/main.ts',
      [],
      {
        PORT: String(port),
        HOST: '127.0.0.1',
        SEED_DEMO: 'false',
        ADMIN_PASSWORD: CHILD_ADMIN_PASSWORD,
        // Four threads load the engine's modules for a second or more on two cores: the signal lands in that window.
        WORKER_THREADS: '4',
        DATA_DIR: 'memory://',
        DATABASE_URL: '',
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
      },
      { command: START_COMMAND, detached: true },
    );
    await child.waitFor(/Coverage Planner on http/, 90_000);
    await new Promise((r) => setTimeout(r, delayMs));
    process.kill(-child.proc.pid!, 'SIGTERM');
    const exit = await child.exited;
    const output = child.output();
    const noisy = logLines(output).filter((l) => typeof l === 'string' || l.level >= 40);
    expect(noisy).toEqual([]);
    expect(exit, output).toEqual({ code: 0, signal: null });
    expect(output).toContain('shutting down');
  });
});
