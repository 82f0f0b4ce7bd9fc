import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { classifyDatabaseLoss, DatabaseConnectError, type DatabaseLossKind } from '../../../server/db/database-loss.ts';
import { AppError } from '../../../server/errors.ts';

/** An error as node-postgres builds it from a server's ErrorResponse message. */
function pgError(code: string, message: string, severity = 'ERROR'): pg.DatabaseError {
  const err = new pg.DatabaseError(message, message.length, 'error');
  return Object.assign(err, { code, severity });
}

/** A Node.js socket error as `net` raises it. */
function nodeError(code: string, message = `connect ${code} 127.0.0.1:5432`): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code, errno: -1, syscall: 'connect' });
}

describe('classifyDatabaseLoss', () => {
  // What PostgreSQL 15 sends (messages as in its sources), per SQLSTATE the classifier covers.
  const sqlstates: Array<[string, string, string, DatabaseLossKind]> = [
    ['08000', 'ERROR', 'connection exception', 'terminated'],
    ['08003', 'ERROR', 'connection does not exist', 'terminated'],
    ['08006', 'FATAL', 'connection failure', 'terminated'],
    ['08001', 'FATAL', 'could not establish connection', 'refused'],
    ['08004', 'FATAL', 'server rejected the connection', 'refused'],
    ['08007', 'ERROR', 'transaction resolution unknown', 'terminated'],
    ['08P01', 'FATAL', 'invalid frontend message type 0', 'terminated'],
    ['57P01', 'FATAL', 'terminating connection due to administrator command', 'terminated'],
    ['57P02', 'FATAL', 'terminating connection because of crash of another server process', 'terminated'],
    ['57P03', 'FATAL', 'the database system is starting up', 'not_accepting'],
    ['57P03', 'FATAL', 'the database system is shutting down', 'not_accepting'],
    ['57P04', 'FATAL', 'database dropped', 'dropped'],
    ['57P05', 'FATAL', 'terminating connection due to idle-session timeout', 'terminated'],
    ['3D000', 'FATAL', 'database "svc" does not exist', 'dropped'],
    ['55000', 'FATAL', 'database "svc" is not currently accepting connections', 'not_accepting'],
    ['53300', 'FATAL', 'sorry, too many clients already', 'too_many_clients'],
    ['53300', 'FATAL', 'too many connections for database "svc"', 'too_many_clients'],
    ['53300', 'FATAL', 'remaining connection slots are reserved for non-replication superuser connections', 'too_many_clients'],
    ['53000', 'ERROR', 'insufficient resources', 'resources'],
    ['53100', 'ERROR', 'could not extend file "base/16384/16385": No space left on device', 'resources'],
    ['53200', 'ERROR', 'out of memory', 'resources'],
    ['25P03', 'FATAL', 'terminating connection due to idle-in-transaction timeout', 'terminated'],
    ['XX000', 'PANIC', 'could not write to file "pg_wal/xlogtemp.123"', 'terminated'],
  ];
  it.each(sqlstates)('SQLSTATE %s (%s: %s) is a loss of the database: %s', (code, severity, message, kind) => {
    expect(classifyDatabaseLoss(pgError(code, message, severity))).toEqual({ kind, code });
  });

  it('takes 55000 "not currently accepting connections" by its message when the severity is missing', () => {
    expect(classifyDatabaseLoss(pgError('55000', 'database "svc" is not currently accepting connections', ''))).toEqual({
      kind: 'not_accepting',
      code: '55000',
    });
  });

  // Statement errors, including codes of the same classes, are not a loss of the database.
  const statementErrors: Array<[string, string, string]> = [
    ['55000', 'ERROR', 'lastval is not yet defined in this session'],
    ['55P03', 'ERROR', 'could not obtain lock on row in relation "sites"'],
    ['53400', 'ERROR', 'temporary file size exceeds temp_file_limit (1024kB)'],
    ['57014', 'ERROR', 'canceling statement due to statement timeout'],
    ['23505', 'ERROR', 'duplicate key value violates unique constraint "sites_area_id_code_key"'],
    ['23503', 'ERROR', 'insert or update on table "cells" violates foreign key constraint "cells_site_id_fkey"'],
    ['22P02', 'ERROR', 'invalid input syntax for type integer: "x"'],
    ['42P01', 'ERROR', 'relation "nope" does not exist'],
    ['40001', 'ERROR', 'could not serialize access due to concurrent update'],
  ];
  it.each(statementErrors)('SQLSTATE %s (%s: %s) is not', (code, severity, message) => {
    expect(classifyDatabaseLoss(pgError(code, message, severity))).toBeNull();
  });

  const nodeCodes: Array<[string, DatabaseLossKind]> = [
    ['ECONNREFUSED', 'refused'],
    ['ECONNRESET', 'terminated'],
    ['ECONNABORTED', 'terminated'],
    ['EPIPE', 'terminated'],
    ['ETIMEDOUT', 'timeout'],
    ['ENOTFOUND', 'unreachable'],
    ['EAI_AGAIN', 'unreachable'],
    ['EHOSTUNREACH', 'unreachable'],
    ['ENETUNREACH', 'unreachable'],
  ];
  it.each(nodeCodes)('Node.js %s is a loss of the database: %s', (code, kind) => {
    expect(classifyDatabaseLoss(nodeError(code))).toEqual({ kind, code });
  });

  it('takes ENOENT, EACCES and other codes of the file system as something else', () => {
    expect(classifyDatabaseLoss(nodeError('ENOENT', "ENOENT: no such file or directory, open 'x.csv'"))).toBeNull();
    expect(classifyDatabaseLoss(nodeError('EACCES'))).toBeNull();
  });

  // node-postgres, pg-pool, Kysely and PGlite say it in words only.
  const messages: Array<[string, DatabaseLossKind]> = [
    ['Connection terminated unexpectedly', 'terminated'],
    ['Connection terminated', 'terminated'],
    ['Connection terminated due to connection timeout', 'timeout'],
    ['timeout exceeded when trying to connect', 'timeout'],
    ['Query read timeout', 'timeout'],
    ['Client has encountered a connection error and is not queryable', 'terminated'],
    ['Client was closed and is not queryable', 'closed'],
    ['Cannot use a pool after calling end on the pool', 'closed'],
    ['driver has already been destroyed', 'closed'],
    ['PGlite is closed', 'closed'],
    ['PGlite is closing', 'closed'],
  ];
  it.each(messages)('"%s" is a loss of the database: %s', (message, kind) => {
    expect(classifyDatabaseLoss(new Error(message))).toEqual({ kind });
  });

  it('finds the loss inside wrappers: cause chains, AggregateError, a failed connect', () => {
    const refused = nodeError('ECONNREFUSED');
    expect(classifyDatabaseLoss(new Error('import failed', { cause: new Error('batch failed', { cause: refused }) }))).toEqual({
      kind: 'refused',
      code: 'ECONNREFUSED',
    });
    // Node's connection attempts to every address of a host name (autoSelectFamily).
    const aggregate = Object.assign(new AggregateError([nodeError('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432'), refused], ''), {
      code: 'ECONNREFUSED',
    });
    expect(classifyDatabaseLoss(aggregate)).toEqual({ kind: 'refused', code: 'ECONNREFUSED' });
    expect(
      classifyDatabaseLoss(new AggregateError([new Error('other'), pgError('53300', 'sorry, too many clients already', 'FATAL')])),
    ).toEqual({ kind: 'too_many_clients', code: '53300' });
    expect(classifyDatabaseLoss(new DatabaseConnectError(pgError('3D000', 'database "svc" does not exist', 'FATAL')))).toEqual({
      kind: 'dropped',
      code: '3D000',
    });
  });

  it('takes any failure to connect as a loss, whatever its code or language', () => {
    // e.g. lc_messages in another language: neither the severity nor the message is English.
    expect(classifyDatabaseLoss(new DatabaseConnectError(pgError('55000', '数据库 "svc" 当前不接受连接', '致命错误')))).toEqual({
      kind: 'connect_failed',
    });
    expect(classifyDatabaseLoss(new DatabaseConnectError('a string'))).toEqual({ kind: 'connect_failed' });
  });

  it('takes everything else as something else, and survives odd values and cycles', () => {
    for (const value of [
      null,
      undefined,
      0,
      'Connection terminated',
      new Error('boom'),
      new AppError('not_found', 404, 'area "x" not found'),
      new TypeError('x is undefined'),
      { code: 42 },
      { message: 7 },
    ]) {
      expect(classifyDatabaseLoss(value)).toBeNull();
    }
    const a: { message: string; cause?: unknown } = { message: 'a' };
    const b = { message: 'b', cause: a };
    a.cause = b;
    expect(classifyDatabaseLoss(a)).toBeNull();
  });
});
