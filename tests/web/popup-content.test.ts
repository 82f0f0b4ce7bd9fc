import { describe, expect, it } from 'vitest';
import type { CellProperties, ReportProperties } from '../../web/src/api/types.ts';
import { createTranslator } from '../../web/src/i18n/index.ts';
import { escapeHtml } from '../../web/src/lib/escape-html.ts';
import { cellPopupHtml, reportPopupHtml } from '../../web/src/ui/popup-content.ts';

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
  address: '银亿阳光城 "A" 栋 & 3 单元',
  note: "<script>alert('x')</script>",
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

  it('escapes the address and the note', () => {
    const html = reportPopupHtml(report, createTranslator('en'), 'en');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
    expect(html).toContain('银亿阳光城 &quot;A&quot; 栋 &amp; 3 单元');
  });
});
