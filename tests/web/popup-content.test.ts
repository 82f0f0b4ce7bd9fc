import { describe, expect, it } from 'vitest';
import type { CellProperties, ReportProperties, SurveyResponseProperties } from '../../web/src/api/types.ts';
import { createTranslator } from '../../web/src/i18n/index.ts';
import { escapeHtml } from '../../web/src/lib/escape-html.ts';
import {
  candidatePopupHtml,
  cellPopupHtml,
  differencePopupHtml,
  gapPopupHtml,
  hotspotPopupHtml,
  cellNamer,
  pointPopupHtml,
  reportPopupHtml,
  surveyPopupHtml,
} from '../../web/src/ui/popup-content.ts';
import type { CandidateProperties, PointCoverage, RankingItem, Remedy } from '../../web/src/api/types.ts';

const cell: CellProperties = {
  id: 11,
  siteId: 3,
  siteCode: 'RHL-003',
  siteName: '远望高层<img src=x onerror=alert(1)>',
  siteStatus: 'existing',
  code: 'RHL-003-G1',
  technology: 'GSM',
  frequencyMhz: 900,
  heightM: 35,
  azimuthDeg: 120,
  beamwidthDeg: 65,
  tiltDeg: 4.5,
  powerDbm: 43,
  gainDbi: 15.5,
  lossDb: 3,
};

const report: ReportProperties = {
  id: 42,
  externalId: 'CB-2006-0042',
  technology: 'CDMA',
  kind: 'weak-signal',
  source: 'callback',
  customerTier: 'high',
  reportedAt: '2006-05-08T02:00:00Z',
  status: 'open',
  resolution: null,
  resolvedBySiteCode: null,
  resolvedByCandidateCode: null,
  address: '银亿阳光城 "A" 栋 & 3 单元',
  note: "<script>alert('x')</script>",
  located: 'coordinates',
  placeName: null,
  locationRadiusM: null,
};

describe('escapeHtml', () => {
  it('escapes the five HTML special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeHtml(null)).toBe('');
  });
});

describe('cellPopupHtml', () => {
  it('lists the radio parameters in the UI language with units', () => {
    const html = cellPopupHtml(cell, createTranslator('zh-CN'), 'zh-CN');
    expect(html).toContain('小区 RHL-003-G1');
    expect(html).toContain('G网（GSM）');
    expect(html).toContain('120°');
    expect(html).toContain('900 MHz');
    expect(html).toContain('55.5 dBm'); // EIRP = 43 + 15.5 - 3
    const en = cellPopupHtml(cell, createTranslator('en'), 'en');
    expect(en).toContain('Antenna height');
    expect(en).toContain('35 m');
  });

  it('escapes data and says omni for cells without azimuth', () => {
    const html = cellPopupHtml({ ...cell, azimuthDeg: null }, createTranslator('en'), 'en', 2);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Omni');
    expect(html).toContain('2 more cells overlap here');
  });

  it('says when the coverage engine leaves the cell out, in both languages, inside the popup', () => {
    const bad = { ...cell, heightM: 0, invalid: 'heightM 0 m: below the minimum 1 m' };
    const zh = cellPopupHtml(bad, createTranslator('zh-CN'), 'zh-CN');
    expect(zh).toContain('<p class="popup-warning" role="note">参数超出范围，未参与覆盖计算：heightM 0 m: below the minimum 1 m</p></div>');
    expect(cellPopupHtml(bad, createTranslator('en'), 'en')).toContain(
      'Left out of coverage, a parameter is out of range: heightM 0 m: below the minimum 1 m',
    );
    expect(cellPopupHtml({ ...bad, invalid: '<b>x</b>' }, createTranslator('en'), 'en')).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(cellPopupHtml(cell, createTranslator('en'), 'en')).not.toContain('popup-warning');
  });
});

describe('reportPopupHtml', () => {
  it('translates the report fields and formats the date in Beijing time', () => {
    const html = reportPopupHtml(report, createTranslator('zh-CN'), 'zh-CN');
    expect(html).toContain('问题上报 #42');
    expect(html).toContain('信号弱');
    expect(html).toContain('电话回访');
    expect(html).toContain('高端客户');
    expect(html).toContain('2006/05/08 10:00');
  });

  it('shows what the imported file said where a rule, a mapping or a default classified it, escaped', () => {
    const imported = { ...report, kind: 'indoor' as const, originalValues: { 故障现象: '室内覆盖差', 用户级别: '<b>VIP</b>' } };
    const zh = reportPopupHtml(imported, createTranslator('zh-CN'), 'zh-CN');
    expect(zh).toContain('<th scope="row">原始填写</th><td>故障现象: 室内覆盖差; 用户级别: &lt;b&gt;VIP&lt;/b&gt;</td>');
    const en = reportPopupHtml(imported, createTranslator('en'), 'en');
    expect(en).toContain('As written in the file');
    expect(reportPopupHtml(report, createTranslator('en'), 'en')).not.toContain('As written in the file');
  });

  it('says "none" for a report without a date', () => {
    const html = reportPopupHtml({ ...report, reportedAt: null }, createTranslator('zh-CN'), 'zh-CN');
    expect(html).toContain('<th scope="row">上报时间</th><td>—</td>');
    expect(html).not.toContain('NaN');
  });

  it('says where a report placed from its address was placed, in both languages', () => {
    const placed: ReportProperties = { ...report, located: 'address', placeName: '富强村', locationRadiusM: 500 };
    expect(reportPopupHtml(placed, createTranslator('zh-CN'), 'zh-CN')).toContain('按地址定位：富强村');
    expect(reportPopupHtml(placed, createTranslator('en'), 'en')).toContain('placed from address: 富强村');
    expect(reportPopupHtml(report, createTranslator('zh-CN'), 'zh-CN')).not.toContain('按地址定位');
  });

  it('escapes the address and the note', () => {
    const html = reportPopupHtml(report, createTranslator('en'), 'en');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
    expect(html).toContain('银亿阳光城 &quot;A&quot; 栋 &amp; 3 单元');
  });
});

describe('planning popups', () => {
  const zh = createTranslator('zh-CN');
  const en = createTranslator('en');
  const remedy: Remedy = {
    target: {
      kind: 'gap',
      id: 'gap-1',
      centroid: [124.65, 46.95],
      areaKm2: 59.4,
      population: 2350,
      reportCount: 155,
      indoorShare: 0,
      covered: false,
    },
    remedy: 'new-site',
    reasonCode: 'new-site-candidate',
    reason: 'x',
    deficitDb: 10,
    environment: 'suburban',
    bestCell: null,
    parameterChange: null,
    candidate: { code: 'CAND-003', name: 'n', rank: 1 },
    insideGap: null,
  };

  it('shows a gap with its place, figures and remedy, escaped', () => {
    const html = gapPopupHtml(
      { id: 'gap-1', areaKm2: 59.4456, population: 2350, reportCount: 155, centroid: [124.65, 46.95] },
      '富强村<b>',
      remedy,
      zh,
      'zh-CN',
    );
    expect(html).toContain('覆盖缺口 · 富强村&lt;b&gt;');
    expect(html).toContain('59.45 km²');
    expect(html).toContain('2,350 人');
    expect(html).toContain('新建基站');
    expect(html).toContain('候选站 CAND-003（第 1 名）可覆盖');
    expect(gapPopupHtml({ id: 'g', areaKm2: 1, population: 0, reportCount: 0, centroid: [0, 0] }, 'x', null, en, 'en')).not.toContain(
      'Recommended',
    );
  });

  it('shows a hotspot with its kinds, most first', () => {
    const html = hotspotPopupHtml(
      {
        id: 'hotspot-1',
        centroid: [0, 0],
        reportCount: 143,
        score: 166.01,
        coverage: 'gap',
        uncoveredShare: 1,
        byKind: { 'no-signal': 80, 'weak-signal': 47, data: 0 },
        bySource: {},
        byTier: {},
        byTechnology: {},
      },
      'Fuqiang Village',
      null,
      en,
      'en',
    );
    expect(html).toContain('Problem hotspot · Fuqiang Village');
    expect(html).toContain('No signal 80, Weak signal 47');
    expect(html).not.toContain('Poor data service');
    expect(html).toContain('In a gap');
  });

  it('shows a candidate with its gain when ranked', () => {
    const c: CandidateProperties = {
      id: 3,
      code: 'CAND-003',
      name: '富强村<script>',
      technology: 'GSM',
      cells: [],
      cost: 38,
      status: 'proposed',
      origin: 'manual',
      approximate: true,
      note: null,
    };
    const ranked = {
      rank: 1,
      code: 'CAND-003',
      coveragePctGain: 4.8923,
      newlyCoveredKm2: 58.3,
      newlyCoveredPopulation: 2350,
      newlyCoveredReports: 269,
    } as RankingItem;
    const html = candidatePopupHtml(c, ranked, zh, 'zh-CN');
    expect(html).toContain('候选站 CAND-003');
    expect(html).toContain('富强村&lt;script&gt; （位置为近似值）');
    expect(html).toContain('第 1 名');
    expect(html).toContain('+4.89 个百分点');
    expect(html).toContain('58.3 km²');
    expect(candidatePopupHtml(c, null, en, 'en')).toContain('Not ranked');
  });

  it('lists the strongest servers at a point', () => {
    const servers = Array.from({ length: 8 }, (_, i) => ({
      cell: `S/C${i}`,
      technology: 'GSM',
      levelDbm: -60 - i,
      pathLossDb: 118 + i,
      antennaAttenuationDb: 1,
      distanceKm: 0.5 + i,
      extrapolated: false,
    }));
    const p: PointCoverage = {
      lon: 124.85,
      lat: 46.65,
      technology: 'GSM',
      environment: 'urban-large',
      levelDbm: -60,
      bestCell: 'S/C0',
      bestTechnology: 'GSM',
      bestMarginDb: 30,
      strongestCell: 'S/C0',
      strongestTechnology: 'GSM',
      strongestLevelDbm: -60,
      covered: true,
      thresholdDbm: -90,
      servers: [...servers].reverse(),
    };
    const html = pointPopupHtml(p, en, 'en', 6);
    expect(html).toContain('-60 dBm');
    expect(html).toContain('Large city');
    expect(html.indexOf('S/C0')).toBeLessThan(html.indexOf('S/C5'));
    expect(html).not.toContain('S/C6');
    expect(html).toContain('2 more cells');
    expect(html.endsWith('</div>')).toBe(true);
  });

  it('answers both the best margin and the strongest signal, each with its network, and says which decides coverage', () => {
    const servers = [
      {
        cell: 'C12/2',
        technology: 'CDMA',
        levelDbm: -76.13,
        pathLossDb: 120,
        antennaAttenuationDb: 1,
        distanceKm: 2.1,
        extrapolated: false,
      },
      { cell: 'G03/1', technology: 'GSM', levelDbm: -71.9, pathLossDb: 118, antennaAttenuationDb: 1, distanceKm: 1.2, extrapolated: false },
    ];
    const p: PointCoverage = {
      lon: 124.85,
      lat: 46.65,
      technology: 'any',
      environment: 'suburban',
      levelDbm: -76.13,
      bestCell: 'C12/2',
      bestTechnology: 'CDMA',
      bestMarginDb: 18.87,
      strongestCell: 'G03/1',
      strongestTechnology: 'GSM',
      strongestLevelDbm: -71.9,
      covered: true,
      thresholdDbm: null,
      servers,
    };
    const html = pointPopupHtml(p, en, 'en');
    expect(html).toContain('Best margin (decides coverage)');
    expect(html).toContain('C12/2 · C-net (CDMA) · -76.1 dBm · +18.9 dB');
    expect(html).toContain('Strongest signal');
    expect(html).toContain('G03/1 · G-net (GSM) · -71.9 dBm');
    expect(html).toContain('need not be the strongest signal');
    const zhHtml = pointPopupHtml(p, zh, 'zh-CN');
    expect(zhHtml).toContain('最强信号');
    expect(zhHtml).toContain('不一定是信号最强的小区');
  });

  it('names the servers of a point by site or candidate, and keeps a key it cannot name', () => {
    const names = cellNamer(en, new Map([['CAND-008', 'Fuqiang Village']]), new Map([['G03', 'Yinyi']]));
    expect(names('candidate:CAND-008/C2')).toBe('candidate Fuqiang Village (CAND-008) sector C2');
    expect(names('G03/1')).toBe('Yinyi (G03) sector 1');
    expect(names('G99/1')).toBe('G99/1');
    expect(names('candidate:CAND-999/C1')).toBe('candidate:CAND-999/C1');
    expect(cellNamer(zh, new Map([['CAND-008', '富强村']]), new Map())('candidate:CAND-008/C2')).toBe('候选站 富强村（CAND-008）扇区 C2');
    const p: PointCoverage = {
      lon: 124.85,
      lat: 46.65,
      technology: 'GSM',
      environment: 'suburban',
      levelDbm: -70,
      bestCell: 'candidate:CAND-008/C2',
      bestTechnology: 'GSM',
      bestMarginDb: 20,
      strongestCell: 'candidate:CAND-008/C2',
      strongestTechnology: 'GSM',
      strongestLevelDbm: -70,
      covered: true,
      thresholdDbm: -90,
      servers: [
        {
          cell: 'candidate:CAND-008/C2',
          technology: 'GSM',
          levelDbm: -70,
          pathLossDb: 110,
          antennaAttenuationDb: 0,
          distanceKm: 1,
          extrapolated: false,
        },
      ],
    };
    const html = pointPopupHtml(p, en, 'en', 6, names);
    expect(html).not.toContain('candidate:CAND-008');
    expect(html).toContain('candidate Fuqiang Village (CAND-008) sector C2 · G-net (GSM)');
  });

  it('names a difference polygon by its change', () => {
    expect(
      differencePopupHtml({ id: 'd1', areaKm2: 58.3, population: 2350, reportCount: 155, centroid: [0, 0] }, 'covered', zh, 'zh-CN'),
    ).toContain('新增覆盖');
    expect(differencePopupHtml({ id: 'd1', areaKm2: 1, population: 0, reportCount: 0, centroid: [0, 0] }, 'lost', en, 'en')).toContain(
      'Coverage lost',
    );
  });
});

describe('survey answer popup', () => {
  const answer: SurveyResponseProperties = {
    id: 41,
    externalId: 'WJ-0041',
    technology: 'CDMA',
    satisfaction: 2,
    problems: ['indoor', 'other'],
    problemsText: '室内差;听不清',
    comment: '<b>家里</b>没信号',
    source: 'questionnaire',
    answeredAt: '2006-06-12T02:00:00Z',
    located: 'address',
    placeCode: '富强村',
    address: '喇嘛甸镇富强村3组',
  };

  it('shows the satisfaction, the problems, the kept wording and where it was placed, in both languages', () => {
    const zh = surveyPopupHtml(answer, createTranslator('zh-CN'), 'zh-CN');
    expect(zh).toContain('调查答卷 #41');
    expect(zh).toContain('不满意 (2/5)');
    expect(zh).toContain('室内覆盖差');
    expect(zh).toContain('室内差;听不清');
    expect(zh).toContain('按地址定位：富强村');
    expect(zh).toContain(escapeHtml('<b>家里</b>没信号'));
    expect(zh).not.toContain('<b>家里</b>');
    const en = surveyPopupHtml({ ...answer, located: 'coordinates', placeCode: null }, createTranslator('en'), 'en');
    expect(en).toContain('Survey answer #41');
    expect(en).toContain('Dissatisfied (2/5)');
    expect(en).toContain('Poor indoor coverage');
    expect(en).not.toContain('placed from address');
    // The place's name, when the page knows the place, rather than its code.
    const named = surveyPopupHtml({ ...answer, placeCode: 'village-fuqiang' }, createTranslator('en'), 'en', 'Fuqiang Village');
    expect(named).toContain('placed from address: Fuqiang Village');
  });
});
