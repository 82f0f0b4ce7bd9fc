/**
 * The kernel layout is declared once (kernel-layout.ts): the AssemblyScript side reads every offset
 * and constant from the file the build generates, and declares none of its own.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ASSEMBLY_F64, ASSEMBLY_I32, assemblyLayoutSource, kernelLayoutDigest } from '../../../server/core/coverage/kernel-layout.ts';

const ASSEMBLY_SOURCE = readFileSync(new URL('../../../server/core/coverage/wasm/assembly/site-pixels.ts', import.meta.url), 'utf8');
const NAMES = [...Object.keys(ASSEMBLY_I32), ...Object.keys(ASSEMBLY_F64)];

/** `export const NAME[: f64] = value;` lines of the generated source, by name. */
function generatedValues(): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of assemblyLayoutSource().split('\n')) {
    const m = /^export const (\w+)(?:: f64)? = (\S+);$/.exec(line);
    if (m) values.set(m[1], m[2]);
  }
  return values;
}

describe('generated AssemblyScript layout', () => {
  it('writes every constant so that it reads back as the same number (i32 untyped, f64 typed)', () => {
    const values = generatedValues();
    const source = assemblyLayoutSource();
    for (const [name, value] of Object.entries(ASSEMBLY_I32)) {
      expect(values.get(name), name).toBe(String(value));
      expect(source).toContain(`export const ${name} = ${value};`);
    }
    for (const [name, value] of Object.entries(ASSEMBLY_F64)) {
      expect(Object.is(Number(values.get(name)), value), `${name} = ${values.get(name)}`).toBe(true);
      expect(source).toContain(`export const ${name}: f64 = `);
    }
    expect(values.get('LAYOUT_DIGEST')).toBe(String(kernelLayoutDigest()));
    expect(values.size).toBe(NAMES.length + 1);
  });

  it('says it is generated and from what', () => {
    expect(assemblyLayoutSource().split('\n')[0]).toMatch(
      /^\/\/ Generated from server\/core\/coverage\/kernel-layout\.ts by scripts\/build-kernel-layout\.ts/,
    );
  });
});

describe('AssemblyScript site pass', () => {
  it('imports every shared offset and constant from the generated layout', () => {
    const imported = /import \{([^}]*)\} from '\.\/layout\.generated';/.exec(ASSEMBLY_SOURCE);
    expect(imported).not.toBeNull();
    const names = imported![1]
      .split(',')
      .map((s) => s.trim().split(/\s+as\s+/)[0])
      .filter(Boolean);
    expect(names).toContain('LAYOUT_DIGEST');
    for (const name of names) expect(NAMES.concat('LAYOUT_DIGEST')).toContain(name);
  });

  it('declares none of them itself', () => {
    for (const name of NAMES) expect(ASSEMBLY_SOURCE, name).not.toMatch(new RegExp(`\\b(?:const|let|var)\\s+${name}\\b`));
  });
});
