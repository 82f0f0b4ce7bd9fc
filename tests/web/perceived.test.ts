import { describe, expect, it } from 'vitest';
import type { PerceivedCoverage, PerceivedRow } from '../../web/src/api/types.ts';
import {
  flaggedCount,
  perceivedChartRows,
  perceivedCsvRows,
  perceivedPlaceName,
  perceivedTableRows,
} from '../../web/src/dashboard/perceived.ts';
import { createTranslator } from '../../web/src/i18n/index.ts';

const row = (
  code: string,
  kind: 'settlement' | 'hotspot',
  answers: number,
  flag: PerceivedRow['flag'] = null,
  name = code,
): PerceivedRow => ({
  code,
  name,
  kind,
  network: 'GSM',
  answers,
  satisfied: Math.round(answers / 2),
  neutral: 0,
  unsatisfied: answers - Math.round(answers / 2),
  perceivedPct: answers ? 50 : null,
  meanSatisfaction: answers ? 3 : null,
  predictedPct: 100,
  differencePts: answers ? -50 : null,
  flag,
  problems: {},
  centroid: [124.8, 46.6],
});

const answer = (items: PerceivedRow[]): PerceivedCoverage => ({
  network: 'GSM',
  indoor: false,
  rules: {
    minAnswers: 20,
    satisfiedFrom: 4,
    unsatisfiedUpTo: 2,
    coveredPct: 90,
    unhappyBelowPct: 50,
    gapBelowPct: 50,
    satisfiedPct: 70,
    pointRadiusM: 1000,
  },
  answers: items.reduce((n, r) => n + r.answers, 0),
  answersInPlaces: 0,
  items,
});

describe('perceived coverage on the dashboard', () => {
  const items = [
    row('town', 'settlement', 900),
    row('village', 'settlement', 12),
    row('empty', 'settlement', 0),
    row('estate', 'settlement', 90, 'unhappy-but-covered', '方晓 Fangxiao'),
    row('new', 'settlement', 300, 'satisfied-but-gap'),
    row('hotspot-1', 'hotspot', 30, null, '宏伟二村 Hongwei Er Cun'),
    row('hotspot-2', 'hotspot', 3),
  ];

  it('lists places with answers (hotspots with enough of them), flagged first, then by answers', () => {
    expect(perceivedTableRows(answer(items)).map((r) => r.code)).toEqual(['estate', 'new', 'town', 'hotspot-1', 'village']);
  });

  it('charts the settlements with enough answers in the server order', () => {
    expect(perceivedChartRows(answer(items)).map((r) => r.code)).toEqual(['town', 'estate', 'new']);
  });

  it('counts the flagged places of both networks', () => {
    expect(flaggedCount({ GSM: answer(items), CDMA: answer([row('x', 'settlement', 40, 'unhappy-but-covered')]) })).toBe(3);
  });

  it('names places and writes the CSV in the UI language', () => {
    const zh = createTranslator('zh-CN');
    const en = createTranslator('en');
    expect(perceivedPlaceName(items[3], zh, 'zh-CN')).toBe('方晓');
    expect(perceivedPlaceName(items[5], en, 'en')).toBe('Problem hotspot, Hongwei Er Cun');
    expect(perceivedPlaceName(items[6], zh, 'zh-CN')).toBe('问题热点 hotspot-2');
    const csv = perceivedCsvRows(zh, 'zh-CN', { GSM: answer(items.slice(3, 4)), CDMA: answer([]) });
    expect(csv).toEqual([
      ['制式', '地点', '答卷数', '满意数', '感知覆盖率', '预测覆盖率', '差值', '标记'],
      ['G网（GSM）', '方晓', 90, 45, 50, 100, -50, '预测已覆盖但客户不满意：室内覆盖或模型校正问题'],
    ]);
  });
});
