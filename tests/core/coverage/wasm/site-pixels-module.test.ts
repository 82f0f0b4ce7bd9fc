import { afterEach, describe, expect, it } from 'vitest';
import { defaultKernelScratch, KernelScratch } from '../../../../server/core/coverage/kernel-scratch.ts';
import { kernelLayoutDigest } from '../../../../server/core/coverage/kernel-layout.ts';
import {
  instantiateSitePixels,
  sitePixelsModule,
  sitePixelsWasmAvailable,
  useSitePixelsKernel,
} from '../../../../server/core/coverage/wasm/site-pixels-module.ts';
import { readSitePixelsWasm } from '../../../../server/workers/coverage-kernel.ts';
import { moduleWithDigest } from './hand-built-module.ts';

/** The kernel the test set-up handed this thread, given back after each test. */
const handed = sitePixelsModule();
afterEach(() => {
  useSitePixelsKernel('wasm', handed);
});

describe('site-pixels WebAssembly loader', () => {
  it('is handed the built module by the test set-up, which was built from the current kernel layout', () => {
    expect(sitePixelsWasmAvailable()).toBe(true);
    const module = instantiateSitePixels();
    expect(module?.exports.LAYOUT_DIGEST?.value).toBe(kernelLayoutDigest());
  });

  it('compiles the bytes it is handed, and runs the JavaScript passes without a build or with the kernel js', () => {
    const bytes = readSitePixelsWasm();
    expect(bytes).not.toBeNull();
    const compiled = useSitePixelsKernel('wasm', bytes);
    expect(compiled).toBeInstanceOf(WebAssembly.Module);
    expect(sitePixelsModule()).toBe(compiled);
    expect(new KernelScratch().wasm).not.toBeNull();

    expect(useSitePixelsKernel('js', bytes)).toBeNull();
    expect(sitePixelsWasmAvailable()).toBe(false);
    expect(instantiateSitePixels()).toBeNull();
    expect(new KernelScratch().wasm).toBeNull();

    expect(useSitePixelsKernel('wasm', null)).toBeNull();
    expect(new KernelScratch().wasm).toBeNull();
    expect(() => useSitePixelsKernel('wasm', new Uint8Array([0, 1, 2, 3]))).toThrow(WebAssembly.CompileError);
  });

  it("the thread's default scratch follows the kernel it is handed", () => {
    useSitePixelsKernel('js', null);
    expect(defaultKernelScratch().wasm).toBeNull();
    expect(defaultKernelScratch()).toBe(defaultKernelScratch());
    useSitePixelsKernel('wasm', handed);
    expect(defaultKernelScratch().wasm).not.toBeNull();
    expect(defaultKernelScratch().module).toBe(handed);
  });

  it('accepts a module with the layout digest and refuses one built from another layout', () => {
    expect(instantiateSitePixels(moduleWithDigest(kernelLayoutDigest()))).not.toBeNull();
    expect(() => instantiateSitePixels(moduleWithDigest(kernelLayoutDigest() ^ 1))).toThrow(
      /does not match kernel-layout\.ts: run npm run build:wasm/,
    );
  });

  it('refuses a module without the functions it declares', () => {
    expect(() => instantiateSitePixels(moduleWithDigest(kernelLayoutDigest(), false))).toThrow(
      /does not export memory, evaluateSitePixels \(28 parameters\), gatherBlock \(24 parameters\), countAndWrite \(26 parameters\)/,
    );
  });
});
