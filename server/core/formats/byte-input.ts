import { createHash, type Hash } from 'node:crypto';

/**
 * Bytes that can be read again from the start, opened by the caller (a file on disk, in
 * server/features/imports/file-source.ts): core reads them through this and opens nothing itself.
 */
export interface ByteSource {
  /** A new read of every byte from the first; ending the iteration early releases what it holds. */
  chunks(): AsyncIterable<Buffer>;
}

/** Where a file's bytes come from: a re-readable source (a file), a buffer in memory, or a stream (read once). */
export type SourceInput = { bytes: ByteSource } | { buffer: Buffer } | { stream: NodeJS.ReadableStream };

const READ_CHUNK_BYTES = 1 << 20;

/** The bytes of a re-readable or buffer input from the start, as a new read (a stream cannot be read again). */
export function reread(input: { bytes: ByteSource } | { buffer: Buffer } | { stream: unknown }): AsyncIterable<Buffer> {
  if ('buffer' in input) {
    const buffer = input.buffer;
    return (async function* () {
      for (let i = 0; i < buffer.length; i += READ_CHUNK_BYTES) yield buffer.subarray(i, i + READ_CHUNK_BYTES);
    })();
  }
  if ('bytes' in input) return input.bytes.chunks();
  throw new Error('a stream input cannot be read again');
}

/**
 * A forward-only byte stream with a look-ahead (`peek`) for content sniffing and a running SHA-256 of
 * every byte that passed through, so a file is read exactly once whatever its size.
 */
export class ByteInput {
  private readonly iterator: AsyncIterator<Buffer | string>;
  private readonly hash: Hash = createHash('sha256');
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private ended = false;
  private consumed = false;
  private digest: string | null = null;
  /** Bytes read from the underlying source so far. */
  bytesRead = 0;

  constructor(input: SourceInput) {
    const source = 'stream' in input ? (input.stream as AsyncIterable<Buffer | string>) : reread(input);
    this.iterator = source[Symbol.asyncIterator]();
  }

  private async pull(): Promise<Buffer | null> {
    if (this.ended) return null;
    const next = await this.iterator.next();
    if (next.done) {
      this.ended = true;
      return null;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    this.hash.update(chunk);
    this.bytesRead += chunk.length;
    return chunk;
  }

  /** The first `n` bytes (fewer at end of file) without consuming them. */
  async peek(n: number): Promise<Buffer> {
    if (this.consumed) throw new Error('ByteInput.peek after consumption started');
    while (this.pendingBytes < n) {
      const chunk = await this.pull();
      if (!chunk) break;
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
    }
    const all = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    this.pending = all.length ? [all] : [];
    return all.subarray(0, n);
  }

  /** Every byte from the start (including peeked ones), once. */
  async *chunks(): AsyncGenerator<Buffer> {
    if (this.consumed) throw new Error('ByteInput.chunks called twice');
    this.consumed = true;
    const head = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    for (const chunk of head) if (chunk.length) yield chunk;
    for (let chunk = await this.pull(); chunk; chunk = await this.pull()) yield chunk;
  }

  /**
   * The whole file in memory (for formats that need random access: JSON, XML). With `maxBytes`, stops
   * reading as soon as the file is longer and calls `tooLarge` (which throws) instead of holding it.
   */
  async readAll(maxBytes = Number.POSITIVE_INFINITY, tooLarge?: (maxBytes: number) => never): Promise<Buffer> {
    const parts: Buffer[] = [];
    let length = 0;
    for await (const chunk of this.chunks()) {
      length += chunk.length;
      if (length > maxBytes && tooLarge) {
        await this.close();
        tooLarge(maxBytes);
      }
      parts.push(chunk);
    }
    return Buffer.concat(parts);
  }

  /** Stop reading (closes a file being read); later reads find the end. */
  async close(): Promise<void> {
    this.ended = true;
    this.pending = [];
    await this.iterator.return?.();
  }

  /** Hex SHA-256 of the whole file; reads (and discards) whatever the parser left unread. */
  async sha256(): Promise<string> {
    if (this.digest) return this.digest;
    this.pending = [];
    while (await this.pull()) {
      // draining: the hash is updated in pull()
    }
    this.digest = this.hash.digest('hex');
    return this.digest;
  }
}
