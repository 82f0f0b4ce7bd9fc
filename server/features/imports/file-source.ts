import { createReadStream } from 'node:fs';
import type { ByteSource } from '../../core/formats/byte-input.ts';

const READ_CHUNK_BYTES = 1 << 20;

/**
 * A file on disk as the re-readable byte source the format readers take: every read opens the file
 * anew (a zip is surveyed first, then parsed from a second read) and closes it when it ends or stops.
 */
export function fileSource(path: string): ByteSource {
  return { chunks: () => createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }) };
}
