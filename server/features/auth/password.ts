import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { PASSWORD_MAX_LENGTH } from '../../contract/auth.ts';
import { invalidField } from '../../errors.ts';
import { passwordWeakness } from './password-strength.ts';

/**
 * Password hashing with scrypt (RFC 7914), stored self-describing as
 * `$scrypt$ln=15,r=8,p=1$<salt base64>$<hash base64>` so that parameters can be raised later
 * without invalidating existing hashes.
 */
const DEFAULT_LOG2_N = 15;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
const FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

export const PASSWORD_MIN_LENGTH = 10;

function derive(password: string, salt: Buffer, log2N: number, r: number, p: number, keyBytes: number): Promise<Buffer> {
  const N = 2 ** log2N;
  // scrypt needs 128 * N * r bytes; Node's default ceiling (32 MiB) is exactly N=2^15, r=8.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyBytes, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Hash a password with a fresh random salt; `log2N` lowers the cost only where speed matters more (never in production). */
export async function hashPassword(password: string, log2N = DEFAULT_LOG2_N): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, log2N, BLOCK_SIZE, PARALLELISM, KEY_BYTES);
  return `$scrypt$ln=${log2N},r=${BLOCK_SIZE},p=${PARALLELISM}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * A well-formed hash (production cost, zero salt, zero key) that no password matches: verified
 * against when a username is unknown, so that the answer takes as long as for a known user.
 */
export const UNKNOWN_USER_HASH = `$scrypt$ln=${DEFAULT_LOG2_N},r=${BLOCK_SIZE},p=${PARALLELISM}$${Buffer.alloc(SALT_BYTES).toString('base64')}$${Buffer.alloc(KEY_BYTES).toString('base64')}`;

/** The cost parameters of a stored hash, or null when it is not one of ours. */
export function hashParameters(stored: string): { log2N: number; r: number; p: number; keyBytes: number } | null {
  const m = FORMAT.exec(stored);
  return m ? { log2N: Number(m[1]), r: Number(m[2]), p: Number(m[3]), keyBytes: Buffer.from(m[5], 'base64').length } : null;
}

/** Check a password against a stored hash in constant time; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = FORMAT.exec(stored);
  const params = hashParameters(stored);
  if (!m || !params) return false;
  const { log2N, r, p } = params;
  if (log2N < 1 || log2N > 20 || r < 1 || p < 1) return false;
  const expected = Buffer.from(m[5], 'base64');
  const actual = await derive(password, Buffer.from(m[4], 'base64'), log2N, r, p, expected.length);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Why `password` may not be `username`'s password, or undefined when it may: at least
 * PASSWORD_MIN_LENGTH and at most PASSWORD_MAX_LENGTH characters, not the username, and not too easy
 * to guess (password-strength.ts; the username and its parts count as guessable words).
 */
export async function passwordProblem(password: string, username: string): Promise<string | undefined> {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  const name = username.trim().toLowerCase();
  if (password.trim().toLowerCase() === name) return 'must not be the username';
  const nameParts = name.split(/[._@-]+/).filter((part) => part.length >= 3 && part !== name);
  return passwordWeakness(password, [name, ...nameParts]);
}

/** The password policy (passwordProblem): throws a 422 naming `field` and saying why; never quotes the password. */
export async function checkPasswordPolicy(password: string, username: string, field: string): Promise<void> {
  const problem = await passwordProblem(password, username);
  if (problem !== undefined) throw invalidField(field, problem);
}
