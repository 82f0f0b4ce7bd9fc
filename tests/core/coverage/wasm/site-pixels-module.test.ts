import { describe, expect, it } from 'vitest';
import { kernelLayoutDigest } from '../../../../server/core/coverage/kernel-layout.ts';
import { instantiateSitePixels, sitePixelsWasmAvailable } from '../../../../server/core/coverage/wasm/site-pixels-module.ts';

/** LEB128 of a signed 32-bit integer. */
function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

/** A minimal module with one page of memory and an exported i32 global LAYOUT_DIGEST. */
function moduleWithDigest(digest: number): WebAssembly.Module {
  const name = [...'LAYOUT_DIGEST'].map((c) => c.charCodeAt(0));
  const memoryName = [...'memory'].map((c) => c.charCodeAt(0));
  const global = [0x01, 0x7f, 0x00, 0x41, ...sleb(digest), 0x0b];
  const exports = [0x02, memoryName.length, ...memoryName, 0x02, 0x00, name.length, ...name, 0x03, 0x00];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x05, 0x03, 0x01, 0x00, 0x01,
    0x06, global.length, ...global,
    0x07, exports.length, ...exports,
  ];
  return new WebAssembly.Module(new Uint8Array(bytes));
}

describe('site-pixels WebAssembly loader', () => {
  it('loads the built module, which was built from the current kernel layout', () => {
    expect(sitePixelsWasmAvailable()).toBe(true);
    const module = instantiateSitePixels();
    expect(module?.exports.LAYOUT_DIGEST?.value).toBe(kernelLayoutDigest());
  });

  it('accepts a module with the layout digest and refuses one built from another layout', () => {
    expect(instantiateSitePixels(moduleWithDigest(kernelLayoutDigest()))).not.toBeNull();
    expect(() => instantiateSitePixels(moduleWithDigest(kernelLayoutDigest() ^ 1))).toThrow(/does not match kernel-layout\.ts: run npm run build:wasm/);
  });
});
