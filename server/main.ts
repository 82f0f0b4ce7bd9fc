import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { resolveLogFormat } from './logger-options.ts';

/** How long a failed warm-up waits for a signal that may explain it before it is logged, ms. */
const WARM_UP_FAILURE_GRACE_MS = 1000;

/** Entry point: validate the environment, build the app, listen, shut down gracefully on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const app = await buildApp({ ...config, logFormat: resolveLogFormat(config.logFormat, process.stdout.isTTY === true) });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => process.exit(1), 15_000);
    timer.unref();
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    if (closing) return; // a signal during start: shutdown() is closing the app
    throw err;
  }
  if (closing) return;
  // Worker threads start and compile the coverage kernel in the background, so the first map is not kept waiting by a cold JIT.
  // A signal to the process group also stops the TypeScript loader's helper processes, so the workers
  // may fail a moment before this process's handler runs: a warm-up cut short by shutdown is no error.
  const warmUpFailed = (what: string) => (err: unknown) => {
    setTimeout(() => {
      if (!closing) app.log.warn({ err }, `${what} warm-up failed`);
    }, WARM_UP_FAILURE_GRACE_MS).unref();
  };
  app.coverage.warmUp().catch(warmUpFailed('coverage worker'));
  app.cpu.warmUp().catch(warmUpFailed('CPU worker'));
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  if (shown === 'localhost' && config.host !== 'localhost' && !config.publicUrl) {
    app.log.warn(
      `listening on all interfaces without PUBLIC_URL: OGC API links will point at http://localhost:${config.port}; set PUBLIC_URL to the address clients use`,
    );
  }
  app.log.info(
    `Coverage Planner on http://${shown}:${config.port}/ (database: ${app.dbKind}${app.dbKind === 'pglite' ? ` in ${config.dataDir}` : ''})`,
  );
  if (!config.logLevel || config.logLevel === 'silent') console.log(`Coverage Planner on http://${shown}:${config.port}/`);
}

main().catch((err: unknown) => {
  // A setting only checked while starting (a weak ADMIN_PASSWORD on the first start): as at boot.
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error('failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
