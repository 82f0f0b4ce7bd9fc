import { describe, expect, it } from 'vitest';
import { scanModule } from '../../../scripts/boundaries/scan-module.ts';

const specifiers = (source: string) => scanModule('x.ts', source).imports.map((i) => i.specifier);

describe('scanModule', () => {
  it('finds every form of import and re-export, with its line', () => {
    const source = [
      "import def from 'a';",
      "import * as ns from 'b';",
      'import { c1,',
      "  c2 } from 'c';",
      "import 'd';",
      "export { e } from 'e';",
      "export * from 'f';",
      "import g = require('g');",
      "const h = await import('h');",
      "type I = import('i').Thing;",
      "const j = require('j');",
      "import k from 'k.wasm?url';",
    ].join('\n');
    const { imports } = scanModule('x.ts', source);
    expect(imports.map((i) => [i.specifier, i.line])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 5],
      ['e', 6],
      ['f', 7],
      ['g', 8],
      ['h', 9],
      ['i', 10],
      ['j', 11],
      ['k.wasm?url', 12],
    ]);
  });

  it('marks only the imports the compiler erases as type-only', () => {
    const { imports } = scanModule(
      'x.ts',
      [
        "import type { A } from 'erased';",
        "export type { B } from 'erased-too';",
        "import { type C } from 'kept';",
        "type D = import('type-position').D;",
      ].join('\n'),
    );
    expect(imports.map((i) => [i.specifier, i.typeOnly])).toEqual([
      ['erased', true],
      ['erased-too', true],
      ['kept', false],
      ['type-position', true],
    ]);
  });

  it('ignores imports written in comments, strings and templates', () => {
    expect(
      specifiers(
        [
          "// import fs from 'node:fs';",
          "/* import { Pool } from 'pg'; */",
          'const doc = "import x from \'kysely\'";',
          'const t = `export * from "fastify"`;',
          "import real from './real.ts';",
        ].join('\n'),
      ),
    ).toEqual(['./real.ts']);
  });

  it('finds process.env reads in code, not in comments or strings', () => {
    const { processEnvLines } = scanModule(
      'x.ts',
      [
        'const a = process.env.A;',
        "const b = process['env'];",
        'const c = globalThis.process.env.C;',
        '// process.env.D in a comment',
        "const e = 'process.env.E in a string';",
        'const f = process.argv;',
        'const g = env.process;',
      ].join('\n'),
    );
    expect(processEnvLines).toEqual([1, 2, 3]);
  });

  it('reads JavaScript files too', () => {
    expect(specifiers("import x from './x.js';\nexport const y = require('y');")).toEqual(['./x.js', 'y']);
    expect(scanModule('m.mjs', "import z from 'z';").imports[0].specifier).toBe('z');
  });
});
