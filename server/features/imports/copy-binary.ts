import { CompiledQuery, type Kysely } from 'kysely';
import { finished } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';

/** Column types the bulk upserts write. */
export type CopyType = 'text' | 'float8' | 'int4' | 'bool' | 'timestamptz' | 'jsonb';
/** A column value as the row mappers give it (jsonb as JSON text). */
export type CopyValue = string | number | boolean | Date | null;

export interface CopyField<T> {
  name: string;
  type: CopyType;
  value(row: T): CopyValue;
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** PostgreSQL timestamps count microseconds from 2000-01-01 00:00 UTC. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const JSONB_VERSION = 1;

/** Strings up to this length that are ASCII are copied byte by byte (faster than a native call). */
const SHORT_STRING = 64;
const TWO_32 = 2 ** 32;

/** A growing byte buffer for one COPY payload. */
class ByteWriter {
  private buf: Buffer;
  private at = 0;
  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(Math.max(capacity, 1024));
  }
  private ensure(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }
  int16(v: number): void {
    this.ensure(2);
    this.at = this.buf.writeInt16BE(v, this.at);
  }
  int32(v: number): void {
    this.ensure(4);
    this.at = this.buf.writeInt32BE(v, this.at);
  }
  bytes(b: Buffer): void {
    this.ensure(b.length);
    this.at += b.copy(this.buf, this.at);
  }
  /** A length-prefixed UTF-8 field, optionally after a one-byte prefix (the jsonb version). */
  utf8(s: string, prefix?: number): void {
    const extra = prefix === undefined ? 0 : 1;
    const len = s.length;
    this.ensure(4 + extra + len * 3);
    const buf = this.buf;
    let at = this.at + 4;
    if (prefix !== undefined) buf[at++] = prefix;
    if (len <= SHORT_STRING) {
      let i = 0;
      for (; i < len; i++) {
        const c = s.charCodeAt(i);
        if (c > 0x7f) break;
        buf[at + i] = c;
      }
      if (i === len) {
        buf.writeInt32BE(len + extra, this.at);
        this.at = at + len;
        return;
      }
    }
    const n = buf.write(s, at, 'utf8');
    buf.writeInt32BE(n + extra, this.at);
    this.at = at + n;
  }
  float8(v: number): void {
    this.ensure(12);
    this.buf.writeInt32BE(8, this.at);
    this.at = this.buf.writeDoubleBE(v, this.at + 4);
  }
  int4(v: number): void {
    this.ensure(8);
    this.buf.writeInt32BE(4, this.at);
    this.at = this.buf.writeInt32BE(v, this.at + 4);
  }
  bool(v: boolean): void {
    this.ensure(5);
    this.buf.writeInt32BE(1, this.at);
    this.at = this.buf.writeUInt8(v ? 1 : 0, this.at + 4);
  }
  timestamp(ms: number): void {
    this.ensure(12);
    this.buf.writeInt32BE(8, this.at);
    const us = (ms - PG_EPOCH_MS) * 1000;
    if (Number.isSafeInteger(us)) {
      // Exact as a double within ±285 years of 2000: write the two 32-bit halves.
      const hi = Math.floor(us / TWO_32);
      this.buf.writeInt32BE(hi, this.at + 4);
      this.at = this.buf.writeUInt32BE(us - hi * TWO_32, this.at + 8);
    } else {
      this.at = this.buf.writeBigInt64BE(BigInt(ms - PG_EPOCH_MS) * 1000n, this.at + 4);
    }
  }
  result(): Buffer {
    return this.buf.subarray(0, this.at);
  }
}

function mismatch(field: { name: string; type: CopyType }, value: unknown): TypeError {
  return new TypeError(`column ${field.name} (${field.type}): cannot write ${typeof value} ${String(value).slice(0, 40)}`);
}

function writeField<T>(out: ByteWriter, field: CopyField<T>, value: CopyValue): void {
  if (value === null || value === undefined) return out.int32(-1);
  switch (field.type) {
    case 'text':
      if (typeof value !== 'string') throw mismatch(field, value);
      return out.utf8(value);
    case 'jsonb':
      if (typeof value !== 'string') throw mismatch(field, value);
      return out.utf8(value, JSONB_VERSION);
    case 'float8':
      if (typeof value !== 'number') throw mismatch(field, value);
      // -0 as 0, as node-postgres writes it in text.
      return out.float8(value === 0 ? 0 : value);
    case 'int4':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31) throw mismatch(field, value);
      return out.int4(value);
    case 'bool':
      if (typeof value !== 'boolean') throw mismatch(field, value);
      return out.bool(value);
    case 'timestamptz': {
      const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN;
      if (!Number.isFinite(ms)) throw mismatch(field, value);
      return out.timestamp(ms);
    }
  }
}

/**
 * `rows` in PostgreSQL's binary COPY format (header, one tuple per row with `fields` in order, trailer):
 * numbers and timestamps travel as their binary values, so the server parses no text for them.
 * Throws TypeError for a value that does not fit its column's type.
 */
export function encodeCopyBinary<T>(rows: readonly T[], fields: readonly CopyField<T>[]): Buffer {
  const out = new ByteWriter(SIGNATURE.length + 10 + rows.length * fields.length * 16);
  out.bytes(SIGNATURE);
  out.int32(0); // flags
  out.int32(0); // header extension length
  for (const row of rows) {
    out.int16(fields.length);
    for (const field of fields) writeField(out, field, field.value(row));
  }
  out.int16(-1);
  return out.result();
}

/**
 * Run `COPY ... FROM STDIN` with `data` on the connection of `db` (typically a transaction, so the
 * copied rows commit or roll back with it). Kysely's PostgreSQL driver hands a query's `sql` to
 * node-postgres' `client.query()` as it is, and node-postgres runs any object with a `submit()`
 * method on its connection: that is how the COPY stream reaches the transaction's own connection.
 * Needs a node-postgres connection to a PostgreSQL server (PGlite's adapter cannot COPY FROM STDIN).
 */
export async function copyIn<DB>(db: Kysely<DB>, statement: string, data: Buffer): Promise<number> {
  const stream = copyFrom(statement);
  let submitted = false;
  const submit = stream.submit.bind(stream);
  stream.submit = (connection) => {
    submitted = true;
    submit(connection);
  };
  const done = finished(stream);
  done.catch(() => {});
  // Cast, not typed: Kysely types `sql` as a string; node-postgres takes a submittable object there (see above).
  await db.executeQuery({ ...CompiledQuery.raw(''), sql: stream as unknown as string });
  // An idle node-postgres client submits at once; the connection is the transaction's own, used by nothing else meanwhile.
  if (!submitted) {
    stream.destroy();
    throw new Error('COPY FROM STDIN needs an idle node-postgres connection');
  }
  stream.end(data);
  await done;
  return stream.rowCount;
}
