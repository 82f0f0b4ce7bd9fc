import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LAYOUT_GENERATED_PATH, writeKernelLayout } from '../../scripts/build-kernel-layout.ts';
import { assemblyLayoutSource } from '../../server/core/coverage/kernel-layout.ts';

const dir = mkdtempSync(join(tmpdir(), 'kernel-layout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('build-kernel-layout', () => {
  it('writes the AssemblyScript layout, and leaves an up-to-date file alone', () => {
    const path = join(dir, 'layout.generated.ts');
    expect(writeKernelLayout(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(assemblyLayoutSource());
    const written = statSync(path).mtimeMs;
    expect(writeKernelLayout(path)).toBe(false);
    expect(statSync(path).mtimeMs).toBe(written);
  });

  it('is what the build wrote next to the AssemblyScript source', () => {
    expect(LAYOUT_GENERATED_PATH).toMatch(/server[\\/]core[\\/]coverage[\\/]wasm[\\/]assembly[\\/]layout\.generated\.ts$/);
    expect(readFileSync(LAYOUT_GENERATED_PATH, 'utf8')).toBe(assemblyLayoutSource());
  });
});
