import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, isValidBasemapUrl, parseSettings } from '../../web/src/state/settings.ts';

describe('isValidBasemapUrl', () => {
  it('accepts empty (no basemap) and http(s) tile templates', () => {
    expect(isValidBasemapUrl('')).toBe(true);
    expect(isValidBasemapUrl('https://tiles.example.com/{z}/{x}/{y}.png')).toBe(true);
    expect(isValidBasemapUrl('http://10.1.2.3:8080/wmts?z={z}&x={x}&y={y}')).toBe(true);
  });

  it('rejects other schemes and templates missing a placeholder', () => {
    expect(isValidBasemapUrl('javascript:alert(1)//{z}{x}{y}')).toBe(false);
    expect(isValidBasemapUrl('ftp://tiles.example.com/{z}/{x}/{y}.png')).toBe(false);
    expect(isValidBasemapUrl('https://tiles.example.com/{z}/{x}.png')).toBe(false);
    expect(isValidBasemapUrl('https:///{z}/{x}/{y}')).toBe(false);
  });
});

describe('parseSettings', () => {
  it('defaults to Chinese and no online basemap', () => {
    expect(parseSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.locale).toBe('zh-CN');
    expect(DEFAULT_SETTINGS.basemapUrl).toBe('');
  });

  it('reads stored values and drops invalid ones', () => {
    expect(parseSettings('{"locale":"en-US","basemapUrl":"https://t.example/{z}/{x}/{y}.png","basemapAttribution":"© Example"}')).toEqual({
      locale: 'en',
      basemapUrl: 'https://t.example/{z}/{x}/{y}.png',
      basemapAttribution: '© Example',
    });
    expect(parseSettings('{"locale":"fr","basemapUrl":"data:foo"}')).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('not json')).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('[1,2]')).toEqual(DEFAULT_SETTINGS);
  });
});
