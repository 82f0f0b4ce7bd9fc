import { en } from './messages-en.ts';
import { zhCN, type MessageKey, type Messages } from './messages-zh-cn.ts';
import type { Locale } from './locale.ts';

const CATALOGS: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/** Looks up `key` for the locale and fills `{name}` placeholders from `params`. */
export function createTranslator(locale: Locale): Translate {
  const catalog = CATALOGS[locale];
  return (key, params) => interpolate(catalog[key], params);
}

/** Replaces each `{name}` with `params[name]`; placeholders without a value are left as they are. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/**
 * The label of a domain value (`kind`, `source`, `tech`...). A value the catalog does not know
 * yet (the server grew a new one) is shown as it is rather than hidden.
 */
export function labelOf(t: Translate, group: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return t('value.none');
  const key = `${group}.${value}`;
  return isMessageKey(key) ? t(key) : value;
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}

export function messageKeys(locale: Locale): string[] {
  return Object.keys(CATALOGS[locale]);
}
