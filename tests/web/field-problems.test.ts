import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/api/api-error.ts';
import { createTranslator } from '../../web/src/i18n/index.ts';
import { describeApiError, describeProblem, fieldProblems, problemField } from '../../web/src/planning/field-problems.ts';

const zh = createTranslator('zh-CN');
const en = createTranslator('en');
const apiError = (details: unknown, status = 400) => new ApiError('validation_error', 'server words', status, '/x', details);

describe('fieldProblems', () => {
  it('reads the documented details and ignores anything else', () => {
    expect(fieldProblems(apiError([{ field: '/body/azimuthDeg', message: 'must be <= 360' }, { nope: 1 }, 'x']))).toEqual([
      { field: '/body/azimuthDeg', message: 'must be <= 360' },
    ]);
    expect(fieldProblems(apiError({ areaId: 'x' }))).toEqual([]);
    expect(fieldProblems(new Error('x'))).toEqual([]);
  });

  it('names the field from the pointer or from a "required" message', () => {
    expect(problemField({ field: '/body/changes/addCandidates/0', message: 'unknown candidate "X"' })).toBe('addCandidates');
    expect(problemField({ field: '/body', message: "must have required property 'name'" })).toBe('name');
    expect(problemField({ field: '/body', message: 'something' })).toBe('');
  });
});

describe('describeProblem', () => {
  it('puts the API details into the UI language with the field label', () => {
    expect(describeProblem({ field: '/body/azimuthDeg', message: 'must be <= 360' }, zh)).toBe('方位角：不能大于 360');
    expect(describeProblem({ field: '/body/azimuthDeg', message: 'must be <= 360' }, en)).toBe('Azimuth: must not be more than 360');
    expect(describeProblem({ field: '/body/tiltDeg', message: 'must be >= -20' }, zh)).toBe('下倾角：不能小于 -20');
    expect(describeProblem({ field: '/body/lon', message: 'must be number' }, en)).toBe('Longitude: must be a number');
    expect(describeProblem({ field: '/body/name', message: 'already exists', value: 'x' }, zh)).toBe('方案名称：已存在同名方案');
    expect(describeProblem({ field: '/body/resolution', message: 'required when status is resolved' }, en)).toBe(
      'Resolution: a resolved report needs a resolution',
    );
    expect(describeProblem({ field: '/body/changes/addCandidates/0', message: 'unknown candidate "NOPE"' }, zh)).toBe(
      '候选站：候选站 NOPE 不存在',
    );
  });

  it("keeps the server's words for messages and fields it does not know", () => {
    expect(describeProblem({ field: '/body/frobnicate', message: 'is odd' }, en)).toBe('frobnicate: is odd');
    expect(describeProblem({ field: '/body', message: 'is odd' }, en)).toBe('is odd');
  });
});

describe('describeApiError', () => {
  it('lists every field problem, or falls back to the message', () => {
    const both = apiError([
      { field: '/body/azimuthDeg', message: 'must be <= 360' },
      { field: '/body/powerDbm', message: 'must be <= 80' },
    ]);
    expect(describeApiError(both, en)).toEqual(['Azimuth: must not be more than 360', 'Transmit power: must not be more than 80']);
    expect(describeApiError(new ApiError('conflict', 'busy', 409, '/x'), en)).toEqual(['busy']);
    expect(describeApiError(new ApiError('forbidden', 'no', 403, '/x'), zh)).toEqual(['当前账号无权进行此操作']);
    expect(describeApiError(new ApiError('network', 'Failed to fetch', 0, '/x'), zh)).toEqual(['无法连接服务器']);
  });
});
