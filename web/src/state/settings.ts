import { DEFAULT_LOCALE, parseLocale, type Locale } from '../i18n/index.ts';

/** User preferences kept in localStorage (not in the URL: they are per user, not per view). */
export interface Settings {
  locale: Locale;
  /** Raster tile URL template with {z}/{x}/{y}; empty = offline basemap only (the default). */
  basemapUrl: string;
  basemapAttribution: string;
}

export const SETTINGS_STORAGE_KEY = 'coverage-planner.settings';
export const DEFAULT_SETTINGS: Settings = { locale: DEFAULT_LOCALE, basemapUrl: '', basemapAttribution: '' };

/** True for '' (no basemap) or an http(s) URL template holding {z}, {x} and {y}. */
export function isValidBasemapUrl(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (!/^https?:\/\/[^\s/]+/i.test(v)) return false;
  if (!['{z}', '{x}', '{y}'].every((p) => v.includes(p))) return false;
  try {
    new URL(v.replace(/\{[zxy]\}/g, '0'));
    return true;
  } catch {
    return false;
  }
}

/** Settings from stored JSON; anything missing or invalid falls back to the default. */
export function parseSettings(json: string | null): Settings {
  if (!json) return { ...DEFAULT_SETTINGS };
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_SETTINGS };
  const r = raw as Record<string, unknown>;
  const basemapUrl = typeof r.basemapUrl === 'string' && isValidBasemapUrl(r.basemapUrl) ? r.basemapUrl.trim() : '';
  return {
    locale: parseLocale(typeof r.locale === 'string' ? r.locale : null) ?? DEFAULT_LOCALE,
    basemapUrl,
    basemapAttribution: typeof r.basemapAttribution === 'string' ? r.basemapAttribution.slice(0, 200) : '',
  };
}

export function loadSettings(storage: Pick<Storage, 'getItem'> = localStorage): Settings {
  try {
    return parseSettings(storage.getItem(SETTINGS_STORAGE_KEY));
  } catch {
    // Storage can be disabled (private mode, policies): the defaults still work.
    return { ...DEFAULT_SETTINGS };
  }
}

export function saveSettings(settings: Settings, storage: Pick<Storage, 'setItem'> = localStorage): void {
  try {
    storage.setItem(SETTINGS_STORAGE_KEY, JSON.stringify(settings));
  } catch {
    // Not persisted; the session keeps the values in memory.
  }
}
