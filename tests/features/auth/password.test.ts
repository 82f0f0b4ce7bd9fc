import { describe, expect, it } from 'vitest';
import { UNKNOWN_USER_HASH, checkPasswordPolicy, hashParameters, hashPassword, verifyPassword } from '../../../server/features/auth/password.ts';
import { FailureThrottle } from '../../../server/features/auth/failure-throttle.ts';
import { roleAllows } from '../../../server/features/auth/roles.ts';
import { safeEqual } from '../../../server/features/auth/secrets.ts';

describe('password hashing', () => {
  it('hashes with scrypt N=2^15, r=8, p=1 and a random salt, and verifies', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(hashParameters(a)).toEqual({ log2N: 15, r: 8, p: 1, keyBytes: 32 });
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('verifies hashes of other costs (parameters travel with the hash)', async () => {
    const cheap = await hashPassword('pässwörd-unicode', 10);
    expect(hashParameters(cheap)?.log2N).toBe(10);
    // NFC and NFD spellings of the same text are the same password.
    expect(await verifyPassword('pässwörd-unicode'.normalize('NFD'), cheap)).toBe(true);
  });

  it('rejects malformed or tampered hashes', async () => {
    const good = await hashPassword('something-long', 10);
    expect(await verifyPassword('something-long', 'plain-text')).toBe(false);
    expect(await verifyPassword('something-long', good.replace('ln=10', 'ln=30'))).toBe(false);
    expect(await verifyPassword('something-long', good.slice(0, -8) + 'AAAAAAA=')).toBe(false);
  });

  it('checks unknown users against a hash of the production cost that nothing matches', async () => {
    expect(hashParameters(UNKNOWN_USER_HASH)).toEqual(hashParameters(await hashPassword('x'.repeat(10))));
    expect(await verifyPassword('', UNKNOWN_USER_HASH)).toBe(false);
  });

  it('has a password policy naming the field', () => {
    expect(() => checkPasswordPolicy('123456789', 'u', '/body/password')).toThrow(/\/body\/password: must be at least 10/);
    expect(() => checkPasswordPolicy('x'.repeat(257), 'u', '/body/password')).toThrow(/at most 256/);
    expect(() => checkPasswordPolicy('Wang.Fang.1', 'wang.fang.1', '/body/password')).toThrow(/username/);
    expect(() => checkPasswordPolicy('0123456789', 'u', '/body/password')).not.toThrow();
  });
});

describe('small helpers', () => {
  it('orders roles', () => {
    expect(roleAllows('admin', 'planner')).toBe(true);
    expect(roleAllows('planner', 'planner')).toBe(true);
    expect(roleAllows('viewer', 'planner')).toBe(false);
    expect(roleAllows('planner', 'admin')).toBe(false);
    expect(roleAllows('viewer', 'public')).toBe(true);
  });

  it('compares secrets exactly', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });

  it('throttles a key after too many failures within the window', () => {
    const throttle = new FailureThrottle(3, 1000, 2);
    for (let i = 0; i < 2; i++) throttle.recordFailure('a', 0);
    expect(throttle.retryAfterMs('a', 10)).toBe(0);
    throttle.recordFailure('a', 10);
    expect(throttle.retryAfterMs('a', 10)).toBe(990);
    expect(throttle.retryAfterMs('a', 1000)).toBe(0);
    expect(throttle.retryAfterMs('b', 10)).toBe(0);
    // Bounded memory: a third key evicts expired or oldest windows.
    throttle.recordFailure('b', 2000);
    throttle.recordFailure('c', 2000);
    expect(throttle.retryAfterMs('c', 2000)).toBe(0);
  });
});
