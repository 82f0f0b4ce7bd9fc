/**
 * Write the AssemblyScript side of the kernel layout, server/core/coverage/wasm/assembly/layout.generated.ts,
 * from server/core/coverage/kernel-layout.ts. `npm run build:wasm` runs it before compiling; the file is
 * not committed, so every build regenerates it from the one declaration.
 *
 *   npx tsx scripts/build-kernel-layout.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { assemblyLayoutSource } from '../server/core/coverage/kernel-layout.ts';

export const LAYOUT_GENERATED_PATH = fileURLToPath(new URL('../server/core/coverage/wasm/assembly/layout.generated.ts', import.meta.url));

/** Write the file when its text changed; returns whether it was written. */
export function writeKernelLayout(path = LAYOUT_GENERATED_PATH): boolean {
  const text = assemblyLayoutSource();
  let current: string | null = null;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // not generated yet
  }
  if (current === text) return false;
  writeFileSync(path, text, 'utf8');
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  writeKernelLayout();
}
