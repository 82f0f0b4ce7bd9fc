import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../../server/db/database.ts';

/**
 * The embedded database runs on its own thread (server/db/pglite-remote.ts): statements do not run on
 * the event loop, results and errors come back as node-postgres reads them, and the health probe
 * does not queue behind a long statement.
 */
describe('the embedded database on its own thread', () => {
  let handle: DatabaseHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('answers queries, parameters, jsonb, errors and transactions as node-postgres reads them', async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    const { db } = handle;
    const row = await sql<{
      n: number;
      j: unknown;
      t: string;
    }>`select ${41}::int + 1 as n, ${JSON.stringify({ a: [1, 2] })}::jsonb as j, ${'好'} as t`.execute(db);
    expect(row.rows).toEqual([{ n: 42, j: { a: [1, 2] }, t: '好' }]);
    await expect(sql`select * from no_such_table`.execute(db)).rejects.toThrow(/no_such_table/);
    // The connection is usable after an error, and a rolled-back transaction leaves nothing.
    await sql`create table t (v text)`.execute(db);
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into t values ('x')`.execute(trx);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await sql<{ c: number }>`select count(*)::int as c from t`.execute(db)).rows[0].c).toBe(0);
    // A large value goes both ways intact.
    const big = 'é'.repeat(3_000_000);
    expect((await sql<{ l: number }>`select length(${big}) as l`.execute(db)).rows[0].l).toBe(3_000_000);
  });

  it('keeps the event loop free while a statement runs, and the health probe does not wait for it', async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    const events: string[] = [];
    const slow = sql`select pg_sleep(1.5)`.execute(handle.db).then(() => events.push('statement done'));
    // Timers fire while the statement runs (it would block them if it ran on this thread).
    await new Promise((resolve) => setTimeout(resolve, 300));
    events.push('timer fired');
    await handle.ping(5_000);
    events.push('ping answered');
    await slow;
    expect(events).toEqual(['timer fired', 'ping answered', 'statement done']);
  });

  it('fails every call with "PGlite is closed" once closed', async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    const { db } = handle;
    await handle.close();
    await expect(sql`select 1`.execute(db)).rejects.toThrow(/PGlite is closed|destroyed/);
    await expect(handle.ping(1000)).rejects.toThrow();
  });
});
