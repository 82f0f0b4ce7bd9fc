/**
 * The edge of the coverage kernel's WebAssembly build: reads the bytes `npm run build:wasm` wrote and
 * hands them to server/core (which reads no file). The server's start-up, the worker threads (through
 * the pool), the scripts and the tests' set-up go through here.
 */
import { readFileSync } from 'node:fs';
import { type CoverageKernel, SITE_PIXELS_WASM_URL, useSitePixelsKernel } from '../core/coverage/wasm/site-pixels-module.ts';

/** The built module's bytes, or null when it is not built (the kernel then runs its JavaScript passes). */
export function readSitePixelsWasm(): Uint8Array<ArrayBuffer> | null {
  try {
    return new Uint8Array(readFileSync(SITE_PIXELS_WASM_URL));
  } catch {
    return null;
  }
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * Hand this thread the kernel `kernel` ('wasm': the build, read and compiled once per process; 'js':
 * the JavaScript passes). Returns the compiled module in use, for the worker threads (null: JavaScript).
 */
export function setUpCoverageKernel(kernel: CoverageKernel): WebAssembly.Module | null {
  if (kernel === 'js') return useSitePixelsKernel('js', null);
  if (compiled === undefined) {
    const bytes = readSitePixelsWasm();
    compiled = bytes && new WebAssembly.Module(bytes);
  }
  return useSitePixelsKernel('wasm', compiled);
}
