/** Hand-built WebAssembly modules shaped like the kernel's build, for the loader's and the pool's tests. */

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

/** LEB128 of an unsigned integer. */
function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    const byte = value & 0x7f;
    value >>>= 7;
    out.push(value === 0 ? byte : byte | 0x80);
  } while (value !== 0);
  return out;
}

const utf8 = (s: string) => [...s].map((c) => c.charCodeAt(0));
const named = (s: string) => [...uleb(s.length), ...utf8(s)];
const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
const vector = (items: number[][]) => [...uleb(items.length), ...items.flat()];

/** The kernel's functions with their number of (i32) parameters and whether they return an i32. */
const FUNCTIONS: [name: string, parameters: number, returnsValue: boolean][] = [
  ['evaluateSitePixels', 28, true],
  ['gatherBlock', 24, true],
  ['countAndWrite', 26, false],
];

/**
 * A minimal module with one page of memory, an exported i32 global LAYOUT_DIGEST and (unless
 * `functions` is false) the kernel's three functions, each with its number of parameters and a body
 * that does nothing.
 */
export function moduleWithDigest(digest: number, functions = true): WebAssembly.Module {
  const kept = functions ? FUNCTIONS : [];
  const types = kept.map(([, parameters, returnsValue]) => [
    0x60,
    ...uleb(parameters),
    ...Array(parameters).fill(0x7f),
    ...(returnsValue ? [0x01, 0x7f] : [0x00]),
  ]);
  const bodies = kept.map(([, , returnsValue]) => {
    const body = returnsValue ? [0x00, 0x41, 0x00, 0x0b] : [0x00, 0x0b];
    return [...uleb(body.length), ...body];
  });
  const exports = [
    [...named('memory'), 0x02, 0x00],
    [...named('LAYOUT_DIGEST'), 0x03, 0x00],
    ...kept.map(([name], k) => [...named(name), 0x00, k]),
  ];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...(functions ? section(0x01, vector(types)) : []),
    ...(functions ? section(0x03, vector(kept.map((_, k) => [k]))) : []),
    ...section(0x05, [0x01, 0x00, 0x01]),
    ...section(0x06, [0x01, 0x7f, 0x00, 0x41, ...sleb(digest), 0x0b]),
    ...section(0x07, vector(exports)),
    ...(functions ? section(0x0a, vector(bodies)) : []),
  ];
  return new WebAssembly.Module(new Uint8Array(bytes));
}
