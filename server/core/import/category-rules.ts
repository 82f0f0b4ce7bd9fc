import { normaliseEnumValue, type Vocabulary } from '../formats/values.ts';
import {
  CUSTOMER_TIERS,
  REPORT_KINDS,
  REPORT_SOURCES,
  REPORT_STATUSES,
  REPORT_TECHNOLOGIES,
  type CustomerTier,
  type ReportKind,
  type ReportSource,
  type ReportStatus,
  type ReportTechnology,
} from '../model.ts';

/**
 * Categorical columns of a report as people fill them in: "室内覆盖差", "打电话老掉线", "联通CDMA",
 * "电话投诉", "VIP客户", "已派单". Each value is classified in this order:
 *  1. the exact spellings of the vocabulary (values.ts: "信号弱", "G网", "电话回访"...);
 *  2. keyword rules, tried in the order listed below (the first rule with a matching keyword wins);
 *  3. nothing: the caller puts the column's default and reports the value as unrecognised.
 * A value mapping given by the user (or remembered for the area) is applied before all of this.
 */

/** The categorical fields of a report and what an unrecognised or empty value becomes. */
export const CATEGORY_FIELDS = {
  kind: { vocabulary: 'reportKind', values: REPORT_KINDS, fallback: 'other' },
  technology: { vocabulary: 'technology', values: REPORT_TECHNOLOGIES, fallback: 'unknown' },
  source: { vocabulary: 'reportSource', values: REPORT_SOURCES, fallback: 'unknown' },
  customer_tier: { vocabulary: 'customerTier', values: CUSTOMER_TIERS, fallback: 'regular' },
  status: { vocabulary: 'reportStatus', values: REPORT_STATUSES, fallback: 'open' },
} as const satisfies Record<string, { vocabulary: Vocabulary; values: readonly string[]; fallback: string }>;

export type CategoryField = keyof typeof CATEGORY_FIELDS;

export interface CategoryValueByField {
  kind: ReportKind;
  technology: ReportTechnology;
  source: ReportSource;
  customer_tier: CustomerTier;
  status: ReportStatus;
}

export function isCategoryField(field: string): field is CategoryField {
  return Object.hasOwn(CATEGORY_FIELDS, field);
}

/** One keyword rule: any keyword contained in the normalised text gives `value`. */
export interface CategoryRule<V extends string = string> {
  value: V;
  keywords: readonly string[];
  /** Keywords that, when also contained, make this rule not apply (e.g. 未解决 is not resolved). */
  unless?: readonly string[];
}

/**
 * Problem kind, in precedence order: where the problem is (indoors) says more than what it is, so
 * 室内信号差 is indoor; a dropped call is a dropped call even with weak signal around it; no signal
 * before weak signal (无信号 contains 信号); then data, then call quality (杂音, 单通: other); a bare 信号/覆盖 is weak signal.
 */
export const KIND_RULES: readonly CategoryRule<ReportKind>[] = [
  {
    value: 'indoor',
    keywords: [
      '室内',
      '楼内',
      '楼里',
      '楼道',
      '地下',
      '屋里',
      '屋内',
      '家里',
      '家中',
      '房间',
      '电梯',
      '车库',
      'indoor',
      'basement',
      'inbuilding',
    ],
  },
  {
    value: 'dropped-call',
    keywords: ['掉话', '掉线', '断线', '通话中断', '断话', '通话断', '自动挂断', '打着打着断', 'drop', 'callcut'],
  },
  {
    value: 'no-signal',
    keywords: [
      '没信号',
      '无信号',
      '没有信号',
      '无覆盖',
      '没有覆盖',
      '没覆盖',
      '盲区',
      '不在服务区',
      '无服务',
      '无网络',
      '没网络',
      'nosignal',
      'noservice',
      'nocoverage',
    ],
  },
  {
    value: 'weak-signal',
    keywords: [
      '信号弱',
      '弱信号',
      '时强时弱',
      '信号差',
      '信号不好',
      '不稳定',
      '覆盖差',
      '覆盖弱',
      '弱覆盖',
      '信号低',
      '信号时有时无',
      '时有时无',
      'weak',
      'poor',
      'unstable',
    ],
  },
  { value: 'data', keywords: ['上网', '数据', '网速', '网页', 'gprs', 'wap', 'internet', 'data', 'slow'] },
  { value: 'other', keywords: ['杂音', '噪音', '串话', '串线', '单通', '回声', 'noise', 'crosstalk'] },
  { value: 'weak-signal', keywords: ['信号', '覆盖', 'signal', 'coverage'] },
];

/** Network: UMTS before CDMA (WCDMA and TD-SCDMA contain "cdma"); "联通" alone says nothing. */
export const TECHNOLOGY_RULES: readonly CategoryRule<ReportTechnology>[] = [
  { value: 'UMTS', keywords: ['wcdma', 'tdscdma', 'umts', '3g'] },
  { value: 'unknown', keywords: ['双网', '双模', 'g网和c网', 'c网和g网', 'gsm和cdma', 'cdma和gsm', 'g网c网', 'c网g网'] },
  { value: 'CDMA', keywords: ['cdma', 'c网', '新时空', '133', '153', '1x', 'evdo'] },
  { value: 'GSM', keywords: ['gsm', 'g网', '如意通', '130', '131', '132', '156', 'gprs', 'dcs'] },
  { value: 'LTE', keywords: ['lte', '4g'] },
  { value: 'NR', keywords: ['5g'] },
];

/** Source: a complaint stays a complaint whatever the channel (电话投诉); a drive test before a test. */
export const SOURCE_RULES: readonly CategoryRule<ReportSource>[] = [
  { value: 'complaint', keywords: ['投诉', '申告', '10010', '10000', '热线', '来电', '营业厅', '客服', 'complaint', 'hotline'] },
  { value: 'callback', keywords: ['回访', '回拨', '电话', '外呼', 'callback'] },
  { value: 'questionnaire', keywords: ['问卷', '调查', '调研', 'survey', 'questionnaire'] },
  { value: 'drive-test', keywords: ['路测', '拉网', '驾车', 'drive', 'dt测试'] },
  { value: 'onsite-test', keywords: ['测试', '上门', '入户', '现场', '实地', 'onsite', 'test'] },
];

/** Customer tier: 中 first (中高端, 中端), then high, then regular. */
export const TIER_RULES: readonly CategoryRule<CustomerTier>[] = [
  { value: 'mid', keywords: ['中', '银', 'mid', 'silver'] },
  { value: 'high', keywords: ['高', 'vip', '大客户', '集团', '重要', '金', '钻', 'gold', 'diamond', 'high', 'key'] },
  { value: 'regular', keywords: ['普通', '一般', '大众', '公众', '个人', '低', '散户', 'regular', 'normal', 'standard', 'low'] },
];

/** Status: "not yet" first (未解决 contains 解决), then in progress (已派单 is dispatched, not done), then done (已派单 is in progress, 处理完毕 is done). */
export const STATUS_RULES: readonly CategoryRule<ReportStatus>[] = [
  { value: 'open', keywords: ['未', '待', '没', '新', '挂起', 'open', 'new', 'pending', 'todo'] },
  { value: 'investigating', keywords: ['中', '跟踪', '跟进', '派单', '派发', '核查', '调查', '转', 'progress', 'investigat'] },
  {
    value: 'resolved',
    keywords: ['已', '完成', '关闭', '结案', '办结', '解决', '归档', '完毕', '闭环', '处理完', 'close', 'done', 'resolv', 'fixed'],
  },
];

const RULES: { [F in CategoryField]: readonly CategoryRule<CategoryValueByField[F]>[] } = {
  kind: KIND_RULES,
  technology: TECHNOLOGY_RULES,
  source: SOURCE_RULES,
  customer_tier: TIER_RULES,
  status: STATUS_RULES,
};

/** The key rules compare against: NFKC (full-width → ASCII), lower case, no spaces or punctuation. */
export function ruleKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

export type ClassifiedBy = 'exact' | 'rule';

export interface Classification<V extends string> {
  value: V;
  by: ClassifiedBy;
}

/** The first rule of `rules` whose keywords `key` contains (and none of its `unless`), or null. */
export function applyRules<V extends string>(rules: readonly CategoryRule<V>[], key: string): V | null {
  for (const rule of rules) {
    if (rule.unless?.some((k) => key.includes(k))) continue;
    if (rule.keywords.some((k) => key.includes(k))) return rule.value;
  }
  return null;
}

/**
 * Classify one value of a categorical column: the exact vocabulary first, then the keyword rules;
 * null when neither knows it (or the text is empty).
 */
export function classifyCategory<F extends CategoryField>(field: F, text: string): Classification<CategoryValueByField[F]> | null {
  const spec = CATEGORY_FIELDS[field];
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const exact = normaliseEnumValue(spec.vocabulary, trimmed) as string | null;
  if (exact !== null && (spec.values as readonly string[]).includes(exact)) return { value: exact as CategoryValueByField[F], by: 'exact' };
  const key = ruleKey(trimmed);
  if (key === '') return null;
  const ruled = applyRules(RULES[field] as readonly CategoryRule<CategoryValueByField[F]>[], key);
  return ruled === null ? null : { value: ruled, by: 'rule' };
}

/**
 * The canonical value a mapping target names: a canonical value or any exact spelling of the field's
 * vocabulary ("其他", "other", "电话回访"); null when it is not one.
 */
export function categoryTarget<F extends CategoryField>(field: F, target: string): CategoryValueByField[F] | null {
  const spec = CATEGORY_FIELDS[field];
  if ((spec.values as readonly string[]).includes(target)) return target as CategoryValueByField[F];
  const exact = normaliseEnumValue(spec.vocabulary, target) as string | null;
  return exact !== null && (spec.values as readonly string[]).includes(exact) ? (exact as CategoryValueByField[F]) : null;
}
