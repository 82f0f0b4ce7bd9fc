import { describe, expect, it } from 'vitest';
import type { Remedy } from '../../web/src/api/types.ts';
import { createTranslator } from '../../web/src/i18n/index.ts';
import { remedyText } from '../../web/src/planning/remedy-text.ts';

const base: Remedy = {
  target: {
    kind: 'gap',
    id: 'gap-1',
    centroid: [124.65, 46.95],
    areaKm2: 59.4,
    population: 2350,
    reportCount: 155,
    indoorShare: 0.32,
    covered: false,
  },
  remedy: 'new-site',
  reasonCode: 'new-site-candidate',
  reason: '10.0 dB short; candidate CAND-003 (rank 1) covers it',
  deficitDb: 10.04,
  environment: 'suburban',
  bestCell: 'RHL-G065/G1',
  parameterChange: null,
  candidate: { code: 'CAND-003', name: '喇嘛甸镇富强村G网新站', rank: 1 },
  insideGap: null,
};

describe('remedyText', () => {
  it('names the candidate that covers a gap', () => {
    expect(remedyText(base, createTranslator('zh-CN'), 'zh-CN')).toEqual({
      remedy: '新建基站',
      reason: '电平差 10 dB；候选站 CAND-003（第 1 名）可覆盖',
    });
    expect(remedyText(base, createTranslator('en'), 'en').reason).toBe('10 dB short; candidate CAND-003 (No. 1) covers it');
  });

  it('spells out a parameter change with the level it reaches', () => {
    const r: Remedy = {
      ...base,
      remedy: 'parameter-optimization',
      reasonCode: 'near-threshold',
      deficitDb: 0.98,
      candidate: null,
      parameterChange: { cell: 'RHL-G062/G3', changes: { powerDbm: 46, tiltDeg: 2 }, levelBeforeDbm: -90.98, levelAfterDbm: -87.98 },
    };
    expect(remedyText(r, createTranslator('en'), 'en')).toEqual({
      remedy: 'Parameter optimization',
      reason: 'Best server RHL-G062/G3 is 1 dB below the threshold; power to 46 dBm, downtilt to 2° brings it to -88 dBm',
    });
  });

  it('covers the other reasons, and keeps the server text for a reason it does not know', () => {
    const zh = createTranslator('zh-CN');
    expect(remedyText({ ...base, remedy: 'indoor-solution', reasonCode: 'indoor-in-coverage' }, zh, 'zh-CN').reason).toContain('32%');
    expect(
      remedyText({ ...base, remedy: 'new-site', reasonCode: 'new-site-none', deficitDb: null, candidate: null }, zh, 'zh-CN').reason,
    ).toBe('没有小区能覆盖到，且没有候选站能覆盖：建议在此新建站点');
    expect(remedyText({ ...base, remedy: 'repeater', reasonCode: 'small-pocket' }, zh, 'zh-CN').reason).toContain('RHL-G065/G1');
    expect(remedyText({ ...base, remedy: 'investigate', reasonCode: 'brand-new' }, zh, 'zh-CN')).toEqual({
      remedy: '现场核查',
      reason: base.reason,
    });
  });

  it('says that a hotspot inside a gap carries the advice of the gap', () => {
    const hotspot: Remedy = { ...base, target: { ...base.target, kind: 'hotspot', id: 'hotspot-1', areaKm2: null }, insideGap: 'gap-1' };
    expect(remedyText(hotspot, createTranslator('en'), 'en')).toEqual({
      remedy: 'New base station',
      reason: 'Lies in a coverage gap and shares its advice: 10 dB short; candidate CAND-003 (No. 1) covers it',
    });
    expect(remedyText(hotspot, createTranslator('zh-CN'), 'zh-CN').reason).toBe(
      '位于覆盖空洞内，与该空洞的建议相同：电平差 10 dB；候选站 CAND-003（第 1 名）可覆盖',
    );
  });
});
