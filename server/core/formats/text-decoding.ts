import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { FormatError } from './errors.ts';

export type TextEncodingOption = 'auto' | 'utf8' | 'gbk';
export type TextEncoding = 'utf8' | 'gbk';

/** Bytes after the first non-ASCII byte needed before deciding between UTF-8 and GBK. */
const DECISION_LOOKAHEAD_BYTES = 4096;

/** Decoded text chunks plus the encoding that was used (final once the text has been read). */
export interface DecodedText {
  chunks: AsyncIterable<string>;
  /** 'utf8' also for pure-ASCII files, where both encodings agree. */
  encoding(): TextEncoding;
}

/**
 * Decode a byte stream as UTF-8 (BOM stripped) or GBK (decoded as GB18030, its superset).
 * `auto` passes ASCII through until the first non-ASCII byte, then picks UTF-8 if the following bytes
 * are valid UTF-8, else GBK: Chinese spreadsheets save CSV in one of the two.
 */
export function decodeText(bytes: AsyncIterable<Buffer>, option: TextEncodingOption): DecodedText {
  let decided: TextEncoding | null = option === 'auto' ? null : option;
  return {
    encoding: () => decided ?? 'utf8',
    chunks: (async function* () {
      let offset = 0;
      let held: Buffer = Buffer.alloc(0);
      let decoder: ChunkDecoder | null = decided ? makeDecoder(decided) : null;
      let first = true;
      for await (const input of bytes) {
        let chunk: Buffer = input;
        if (first) {
          first = false;
          if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
            if (decided === 'gbk')
              throw new FormatError('bad-encoding', 'the file starts with a UTF-8 byte-order mark but encoding gbk was requested');
            decided = 'utf8';
            decoder = makeDecoder('utf8');
            chunk = chunk.subarray(3);
            offset = 3;
          } else if (chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) {
            throw new FormatError('bad-encoding', 'the file is UTF-16 ("Unicode text"); save it as CSV UTF-8 or GBK');
          }
        }
        if (!decoder) {
          const buffer = held.length ? Buffer.concat([held, chunk]) : chunk;
          held = Buffer.alloc(0);
          const firstHigh = buffer.findIndex((b) => b >= 0x80);
          if (firstHigh < 0) {
            offset += buffer.length;
            yield buffer.toString('latin1');
            continue;
          }
          if (buffer.length - firstHigh < DECISION_LOOKAHEAD_BYTES) {
            held = buffer;
            continue;
          }
          decided = looksUtf8(buffer.subarray(firstHigh)) ? 'utf8' : 'gbk';
          decoder = makeDecoder(decided);
          chunk = buffer;
        }
        const text = decoder.write(chunk, offset);
        offset += chunk.length;
        if (text) yield text;
      }
      if (!decoder) {
        const firstHigh = held.findIndex((b) => b >= 0x80);
        decided = firstHigh < 0 || isUtf8(held.subarray(firstHigh)) ? 'utf8' : 'gbk';
        decoder = makeDecoder(decided);
        const text = decoder.write(held, offset);
        offset += held.length;
        if (text) yield text;
      }
      const tail = decoder.end(offset);
      if (tail) yield tail;
    })(),
  };
}

interface ChunkDecoder {
  write(chunk: Buffer, offset: number): string;
  end(offset: number): string;
}

function makeDecoder(encoding: TextEncoding): ChunkDecoder {
  if (encoding === 'gbk') {
    const decoder = iconv.getDecoder('gb18030');
    return { write: (chunk) => decoder.write(chunk), end: () => decoder.end() ?? '' };
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const fail = (offset: number): never => {
    throw new FormatError(
      'bad-encoding',
      `the file is not valid UTF-8 (near byte ${offset}); if it was saved by Excel in China, try encoding gbk`,
    );
  };
  return {
    write(chunk, offset) {
      try {
        return decoder.decode(chunk, { stream: true });
      } catch {
        return fail(offset);
      }
    },
    end(offset) {
      try {
        return decoder.decode();
      } catch {
        return fail(offset);
      }
    },
  };
}

/** Valid UTF-8, ignoring a multi-byte sequence cut off at the end of the sample. */
export function looksUtf8(sample: Buffer): boolean {
  let end = sample.length;
  // Back up over at most 3 continuation bytes to the lead byte of a possibly truncated sequence.
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = sample[end - i];
    if ((b & 0xc0) === 0x80) continue;
    if (b >= 0xc0) {
      const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      if (i < needed) end -= i;
    }
    break;
  }
  return isUtf8(sample.subarray(0, end));
}
