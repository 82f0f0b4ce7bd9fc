import { describe, expect, it } from 'vitest';
import { activeRaster, DEFAULT_LAYERS, LAYER_GROUPS, toggleGroup } from '../../web/src/state/layer-groups.ts';

describe('toggleGroup', () => {
  it('adds and removes a group, keeping the panel order', () => {
    expect(toggleGroup(['reports', 'gsm'], 'districts', true)).toEqual(['districts', 'gsm', 'reports']);
    expect(toggleGroup(['districts', 'gsm', 'reports'], 'gsm', false)).toEqual(['districts', 'reports']);
    expect(toggleGroup(['gsm'], 'gsm', true)).toEqual(['gsm']);
  });

  it('shows one coverage raster at a time', () => {
    expect(toggleGroup(['level', 'gaps'], 'overlap', true)).toEqual(['overlap', 'gaps']);
    expect(toggleGroup(['best-server'], 'level', true)).toEqual(['level']);
    expect(toggleGroup(['level', 'gaps'], 'level', false)).toEqual(['gaps']);
  });
});

describe('activeRaster', () => {
  it('names the raster shown, or null', () => {
    expect(activeRaster(['gaps', 'overlap'])).toBe('overlap');
    expect(activeRaster(DEFAULT_LAYERS)).toBeNull();
    expect(activeRaster(['best-server', 'level'])).toBe('level');
  });

  it('knows every group once', () => {
    expect(new Set(LAYER_GROUPS).size).toBe(LAYER_GROUPS.length);
  });
});
