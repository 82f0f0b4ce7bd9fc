import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSource } from '../../../server/features/imports/file-source.ts';

async function readAll(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

describe('fileSource', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'file-source-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads the whole file from the start on every read', async () => {
    const path = join(dir, 'data.bin');
    const data = Buffer.alloc(3 * 1024 * 1024 + 5, 0);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
    await writeFile(path, data);
    const source = fileSource(path);
    expect((await readAll(source.chunks())).equals(data)).toBe(true);
    expect((await readAll(source.chunks())).equals(data)).toBe(true);
  });

  it('reports a missing file when read, with its path', async () => {
    const path = join(dir, 'missing.csv');
    await expect(readAll(fileSource(path).chunks())).rejects.toThrow(path);
  });
});
