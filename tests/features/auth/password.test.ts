import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors.ts';
import {
  UNKNOWN_USER_HASH,
  checkPasswordPolicy,
  hashParameters,
  hashPassword,
  passwordProblem,
  verifyPassword,
} from '../../../server/features/auth/password.ts';
import { FailureThrottle } from '../../../server/features/auth/failure-throttle.ts';
import { PasswordAttempts } from '../../../server/features/auth/password-attempts.ts';
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

  it('has a password policy naming the field', async () => {
    await expect(checkPasswordPolicy('123456789', 'u', '/body/password')).rejects.toThrow(/\/body\/password: must be at least 10/);
    await expect(checkPasswordPolicy('x'.repeat(257), 'u', '/body/password')).rejects.toThrow(/at most 256/);
    await expect(checkPasswordPolicy('Wang.Fang.1', 'wang.fang.1', '/body/password')).rejects.toThrow(/username/);
    await expect(checkPasswordPolicy('Songnen-plain-oilfield-42', 'u', '/body/password')).resolves.toBeUndefined();
  });
});

describe('password strength', () => {
  it.each(['aaaaaaaaaa', '1234567890', 'password123', 'qwertyuiop', 'Password1!'])(
    'refuses the trivial or common %s, saying why',
    async (password) => {
      const problem = await passwordProblem(password, 'li.wei');
      expect(problem).toMatch(/^is too easy to guess \(strength [0-2] of 4, at least 3 needed\): \S/);
      const error = await checkPasswordPolicy(password, 'li.wei', '/body/newPassword').then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ statusCode: 422, details: [{ field: '/body/newPassword', message: problem }] });
      // The message says why, never what the password was.
      expect((error as AppError).message).toMatch(/^\/body\/newPassword: is too easy to guess/);
      expect((error as AppError).message).not.toContain(password);
    },
  );

  it('gives the estimator’s reason in words', async () => {
    expect(await passwordProblem('aaaaaaaaaa', 'u')).toMatch(/Repeated characters like "aaa" are easy to guess\./);
    expect(await passwordProblem('1234567890', 'u')).toMatch(/frequently used password/);
  });

  it('counts the username and the product’s words as guessable', async () => {
    // Strong for someone else, weak for this user and for this product.
    expect(await passwordProblem('zhangwei1985', 'someone')).toBeUndefined();
    expect(await passwordProblem('zhangwei1985', 'zhangwei')).toMatch(/too easy to guess/);
    expect(await passwordProblem('zhang.wei.1985', 'zhang.wei')).toMatch(/too easy to guess/);
    expect(await passwordProblem('ranghulu2006!', 'someone')).toMatch(/too easy to guess/);
  });

  it('accepts strong passwords, passphrases and the ones the tests and demo use', async () => {
    for (const password of [
      'Songnen-plain-oilfield-42',
      'correct horse battery staple',
      'tR7#vQ9!mz2Lp',
      'test-admin-password',
      'e2e-admin-password',
      'reliability-admin-pw',
      'load-test-admin-password',
      'backup-admin-password',
    ]) {
      expect(await passwordProblem(password, 'admin'), password).toBeUndefined();
    }
    // A long password is judged by its first 64 characters, quickly.
    expect(await passwordProblem('x7#Kp2!q'.repeat(32), 'u')).toBeUndefined();
    expect(await passwordProblem('a'.repeat(256), 'u')).toMatch(/too easy to guess/);
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

  it('throttles a key once its window has no free slot, and takes slots back', () => {
    const throttle = new FailureThrottle(3, 1000, 2);
    for (let i = 0; i < 2; i++) throttle.take('a', 0);
    expect(throttle.retryAfterMs('a', 10)).toBe(0);
    const third = throttle.take('a', 10);
    expect(throttle.retryAfterMs('a', 10)).toBe(990);
    // A lower limit for the same key (HTTP Basic per address).
    expect(throttle.retryAfterMs('a', 10, 2)).toBe(990);
    throttle.release(third);
    expect(throttle.retryAfterMs('a', 10)).toBe(0);
    expect(throttle.retryAfterMs('a', 10, 2)).toBe(990);
    throttle.take('a', 10);
    expect(throttle.retryAfterMs('a', 1000)).toBe(0);
    expect(throttle.retryAfterMs('b', 10)).toBe(0);
    // A slot of an ended window is not given back to the next one.
    const old = throttle.take('a', 1000);
    throttle.take('a', 1500);
    throttle.take('a', 1500);
    expect(old.resetAt).toBe(2000);
    throttle.release({ key: 'a', resetAt: 1000 });
    expect(throttle.retryAfterMs('a', 1500)).toBe(500);
    // Bounded memory: a third key evicts expired or oldest windows.
    throttle.take('b', 2000);
    throttle.take('c', 2000);
    expect(throttle.retryAfterMs('c', 2000)).toBe(0);
  });
});

describe('password attempts (reserve-then-verify)', () => {
  const wrong = async () => undefined;
  const right = async () => ({ ok: true });

  it('runs at most the limit of simultaneous wrong checks, refusing the rest without running them', async () => {
    const attempts = new PasswordAttempts(10);
    let running = 0;
    let ran = 0;
    const slowWrong = async () => {
      running++;
      ran++;
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      return undefined;
    };
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, () => attempts.attempt('10.0.0.1', 'admin', slowWrong, 'form', 0)),
    );
    expect(ran).toBe(10);
    expect(running).toBe(0);
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
    expect(refused).toHaveLength(190);
    for (const err of refused) expect(err).toMatchObject({ code: 'too_many_requests', statusCode: 429, retryAfterS: 60 });
  });

  it('keys by address and user name, with five times the limit per address (one for HTTP Basic)', async () => {
    const attempts = new PasswordAttempts(2);
    for (let user = 0; user < 5; user++) for (let i = 0; i < 2; i++) await attempts.attempt('10.0.0.2', `user-${user}`, wrong, 'form', 0);
    await expect(attempts.attempt('10.0.0.2', 'user-9', wrong, 'form', 0)).rejects.toMatchObject({ statusCode: 429 });
    await expect(attempts.attempt('10.0.0.3', 'user-0', wrong, 'form', 0)).resolves.toBeUndefined();
    await attempts.attempt('10.0.0.4', 'a', wrong, 'basic', 0);
    await attempts.attempt('10.0.0.4', 'b', wrong, 'basic', 0);
    await expect(attempts.attempt('10.0.0.4', 'c', right, 'basic', 0)).rejects.toMatchObject({ statusCode: 429 });
    // User names are compared as stored (trimmed, lower-case).
    await attempts.attempt('10.0.0.5', 'Admin', wrong, 'form', 0);
    await attempts.attempt('10.0.0.5', ' admin ', wrong, 'form', 0);
    await expect(attempts.attempt('10.0.0.5', 'ADMIN', right, 'form', 0)).rejects.toMatchObject({ statusCode: 429 });
    // The window ends.
    await expect(attempts.attempt('10.0.0.5', 'admin', right, 'form', 60_000)).resolves.toEqual({ ok: true });
  });

  it('gives the slot back on success and on an error that is not a wrong password', async () => {
    const attempts = new PasswordAttempts(1);
    for (let i = 0; i < 5; i++) await expect(attempts.attempt('10.0.0.6', 'u', right, 'form', 0)).resolves.toEqual({ ok: true });
    const broken = async () => {
      throw new Error('database unavailable');
    };
    await expect(attempts.attempt('10.0.0.6', 'u', broken, 'form', 0)).rejects.toThrow('database unavailable');
    await attempts.attempt('10.0.0.6', 'u', wrong, 'form', 0);
    await expect(attempts.attempt('10.0.0.6', 'u', right, 'form', 0)).rejects.toMatchObject({ statusCode: 429 });
  });
});
