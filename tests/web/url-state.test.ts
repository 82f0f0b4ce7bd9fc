import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYERS } from '../../web/src/state/layer-groups.ts';
import { coordinateDigits, formatViewHash, parseMapPosition, parseViewHash, type ViewState } from '../../web/src/state/url-state.ts';

const EMPTY: ViewState = { view: 'map', area: null, network: 'GSM', layers: [], scenario: null, working: [], map: null };

describe('parseViewHash', () => {
  it('reads area, layers and map position', () => {
    const s = parseViewHash('#area=ranghulu&layers=gsm,reports&map=11.5/46.6523/124.8611');
    expect(s).toEqual({
      ...EMPTY,
      area: 'ranghulu',
      layers: ['gsm', 'reports'],
      map: { center: [124.8611, 46.6523], zoom: 11.5, bearing: 0 },
    });
  });

  it('gives the defaults for an empty hash', () => {
    expect(parseViewHash('')).toEqual({ ...EMPTY, layers: [...DEFAULT_LAYERS] });
    expect(DEFAULT_LAYERS).not.toContain('basemap');
  });

  it('keeps "no layers" apart from "layers not given"', () => {
    expect(parseViewHash('#layers=').layers).toEqual([]);
  });

  it('drops unknown layers, keeps the panel order and removes duplicates', () => {
    expect(parseViewHash('#layers=reports,bogus,gsm,gsm').layers).toEqual(['gsm', 'reports']);
  });

  it('drops malformed areas and positions instead of guessing', () => {
    const s = parseViewHash('#area=<script>&map=11/95/124');
    expect(s.area).toBeNull();
    expect(s.map).toBeNull();
    for (const bad of ['11/46', '11/46/124/0/9', 'a/46/124', '30/46/124', '11/46/190', '11//124']) {
      expect(parseMapPosition(bad)).toBeNull();
    }
  });

  it('reads a bearing and normalizes it to (-180, 180]', () => {
    expect(parseMapPosition('12/46.6/124.9/270')?.bearing).toBe(-90);
    expect(parseMapPosition('12/46.6/124.9/-180')?.bearing).toBe(180);
  });
});

describe('formatViewHash', () => {
  it('round-trips through parseViewHash', () => {
    const state = {
      area: 'ranghulu',
      layers: ['districts', 'cdma'] as const,
      map: { center: [124.86114, 46.65231] as [number, number], zoom: 12.25, bearing: 15 },
    };
    const hash = formatViewHash({ ...EMPTY, ...state, layers: [...state.layers] });
    expect(hash).toBe('#area=ranghulu&layers=districts,cdma&map=12.25/46.65231/124.86114/15');
    const back = parseViewHash(hash);
    expect(back.area).toBe('ranghulu');
    expect(back.layers).toEqual(['districts', 'cdma']);
    expect(back.map?.center).toEqual([124.86114, 46.65231]);
    expect(back.map?.zoom).toBe(12.25);
    expect(back.map?.bearing).toBe(15);
  });

  it('writes an empty layer list explicitly and leaves out a null area, map and zero bearing', () => {
    expect(formatViewHash(EMPTY)).toBe('#layers=');
    expect(formatViewHash({ ...EMPTY, layers: ['gsm'], map: { center: [124.9, 46.6], zoom: 9, bearing: 0 } })).toBe(
      '#layers=gsm&map=9/46.6/124.9',
    );
  });

  it('keeps the view, the network, the scenario and the working candidates', () => {
    const state: ViewState = {
      ...EMPTY,
      view: 'dashboard',
      area: 'ranghulu',
      network: 'CDMA',
      layers: ['level', 'candidates'],
      scenario: '富强村 方案&1',
      working: ['CAND-003', 'CAND-005'],
    };
    const hash = formatViewHash(state);
    expect(hash).toBe(
      '#view=dashboard&area=ranghulu&net=CDMA&layers=level,candidates&scenario=%E5%AF%8C%E5%BC%BA%E6%9D%91%20%E6%96%B9%E6%A1%88%261&add=CAND-003,CAND-005',
    );
    expect(parseViewHash(hash)).toEqual(state);
  });

  it('falls back to the map view and G-net, and drops bad codes and duplicates', () => {
    const s = parseViewHash('#view=admin&net=LTE&add=CAND-1,,a/b,%20x,CAND-1,CAND-2&scenario=%20%20');
    expect(s.view).toBe('map');
    expect(s.network).toBe('GSM');
    expect(s.working).toEqual(['CAND-1', 'CAND-2']);
    expect(s.scenario).toBeNull();
  });

  it('uses more decimals as the zoom grows', () => {
    expect(coordinateDigits(0)).toBe(1);
    expect(coordinateDigits(8)).toBe(3);
    expect(coordinateDigits(16)).toBe(6);
  });
});
