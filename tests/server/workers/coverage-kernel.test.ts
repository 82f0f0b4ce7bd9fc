import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.ts';
import { defaultKernelScratch } from '../../../server/core/coverage/kernel-scratch.ts';
import { sitePixelsModule, sitePixelsWasmAvailable, useSitePixelsKernel } from '../../../server/core/coverage/wasm/site-pixels-module.ts';
import { readSitePixelsWasm, setUpCoverageKernel } from '../../../server/workers/coverage-kernel.ts';
import { TEST_DATABASES } from '../../helpers/databases.ts';

/** The kernel the test set-up handed this thread, given back after each test. */
const handed = sitePixelsModule();
afterEach(() => {
  useSitePixelsKernel('wasm', handed);
});

describe('the coverage kernel at the edge', () => {
  it('reads the built module and hands it to this thread, compiled once; js hands nothing in', () => {
    expect(readSitePixelsWasm()).toBeInstanceOf(Uint8Array);
    const compiled = setUpCoverageKernel('wasm');
    expect(compiled).toBeInstanceOf(WebAssembly.Module);
    expect(setUpCoverageKernel('wasm')).toBe(compiled);
    expect(defaultKernelScratch().wasm).not.toBeNull();
    expect(setUpCoverageKernel('js')).toBeNull();
    expect(sitePixelsWasmAvailable()).toBe(false);
    expect(defaultKernelScratch().wasm).toBeNull();
  });

  describe.each(TEST_DATABASES)('buildApp on $name', (target) => {
    it("hands the server's thread the kernel of its config (wasm by default)", async () => {
      const db = await target.create();
      try {
        for (const [coverageKernel, wasm] of [
          ['js', false],
          [undefined, true],
        ] as const) {
          const app = await buildApp({
            databaseUrl: db.databaseUrl,
            dataDir: db.dataDir,
            seedDemo: false,
            logLevel: 'silent',
            adminPassword: 'test-admin-password',
            coverageKernel,
          });
          expect(sitePixelsWasmAvailable()).toBe(wasm);
          expect(defaultKernelScratch().wasm !== null).toBe(wasm);
          await app.close();
        }
      } finally {
        await db.drop();
      }
    });
  });
});
