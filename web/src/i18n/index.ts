export { DEFAULT_LOCALE, LOCALES, parseLocale, type Locale } from './locale.ts';
export { createTranslator, interpolate, isMessageKey, labelOf, messageKeys, type Translate } from './translator.ts';
export { DISPLAY_TIME_ZONE, formatDateTime, formatMonth, formatNumber, formatPercent, formatSigned } from './format.ts';
export type { MessageKey } from './messages-zh-cn.ts';
