/**
 * Import messages in the user's language. The engine writes row errors and warnings in English; this
 * module gives each error a stable machine code (the same whatever the language) and puts errors and
 * warnings into Chinese when asked. A message it does not know keeps its English text (code `invalid`).
 */

export const IMPORT_LANGS = ['en', 'zh'] as const;
export type ImportLang = (typeof IMPORT_LANGS)[number];

/** 'zh' for zh, zh-CN, zh_CN.UTF-8, zh-Hans...; 'en' for en*; null for anything else (or nothing). */
export function parseImportLang(text: string | undefined | null): ImportLang | null {
  const t = (text ?? '').trim().toLowerCase();
  if (/^zh(?:$|[-_.@])/.test(t) || t === 'chinese' || t === '中文') return 'zh';
  if (/^en(?:$|[-_.@])/.test(t) || t === 'english') return 'en';
  return null;
}

/**
 * The language of an HTTP Accept-Language header: the first of its languages, by quality, that is
 * Chinese or English; null when it names neither.
 */
export function langFromAcceptLanguage(header: string | undefined): ImportLang | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.tag && Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const r of ranked) {
    const lang = parseImportLang(r.tag);
    if (lang) return lang;
  }
  return null;
}

/** The language of a command line: the POSIX locale variables, in their order of precedence. */
export function langFromLocaleEnv(env: Record<string, string | undefined>): ImportLang {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG', 'LANGUAGE']) {
    const value = env[name];
    if (value) return parseImportLang(value.split(':')[0]) ?? 'en';
  }
  return 'en';
}

interface Pattern {
  code: string;
  en: RegExp;
  zh: (m: RegExpExecArray) => string;
}

const FIELD_LABELS_ZH: Record<string, string> = {
  longitude: '经度',
  latitude: '纬度',
  'antenna height': '天线挂高',
  'antenna gain': '天线增益',
  'received level': '接收电平',
  azimuth: '方位角',
  beamwidth: '波瓣宽度',
  tilt: '下倾角',
  power: '功率',
  gain: '增益',
  loss: '损耗',
  frequency: '频率',
  level: '场强',
  population: '人口',
  cost: '费用',
};
/** A field label in Chinese, its unit kept: "antenna height (m)" → "天线挂高（m）". */
function fieldZh(label: string): string {
  const [, base, unit] = /^(.*?)(?: \((.*)\))?$/s.exec(label) ?? [label, label, undefined];
  const zh = FIELD_LABELS_ZH[base];
  if (!zh) return label;
  return unit ? `${zh}（${unit}）` : zh;
}

/** Row error reasons (row-reader.ts, field-parsers.ts, the validators and the service), most specific first. */
const REASONS: Pattern[] = [
  { code: 'required', en: /^required$/, zh: () => '必填，不能为空' },
  {
    code: 'required-column',
    en: /^required column missing \(columns found: (.*)\)$/s,
    zh: (m) => `缺少必需的列（文件中的列：${m[1]}）`,
  },
  { code: 'too-long', en: /^longer than (\d+) characters$/, zh: (m) => `超过 ${m[1]} 个字符` },
  { code: 'bad-code', en: /^must not contain "\/"$/, zh: () => '不能包含 "/"' },
  { code: 'not-integer', en: /^(.+) must be a whole number$/, zh: (m) => `${fieldZh(m[1])}必须是整数` },
  {
    code: 'out-of-range',
    en: /^([^"].*) must be within (-?[\d.]+)\.\.(-?[\d.]+)$/,
    zh: (m) => `${fieldZh(m[1])}必须在 ${m[2]} 到 ${m[3]} 之间`,
  },
  { code: 'unknown-value', en: /^unknown value; expected one of (.*)$/s, zh: (m) => `无法识别的值，应为以下之一：${m[1]}` },
  { code: 'not-boolean', en: /^expected yes\/no/, zh: () => '应为 是/否（true/false、1/0）' },
  { code: 'not-a-number', en: /^not a number(?: \(units accepted: (.*)\))?$/, zh: (m) => `不是数字${m[1] ? `（可带单位：${m[1]}）` : ''}` },
  { code: 'not-a-number', en: /^not a finite number$/, zh: () => '不是有限的数字' },
  { code: 'not-a-date', en: /^not a date/, zh: () => '不是日期（例如 2006-05-12 或 2006-05-12 14:30）' },
  { code: 'bad-date', en: /^year (\d+) out of range 1900-2100$/, zh: (m) => `年份 ${m[1]} 超出 1900-2100` },
  { code: 'bad-date', en: /^month (\d+) does not exist$/, zh: (m) => `月份 ${m[1]} 不存在` },
  { code: 'bad-date', en: /^day (\d+) does not exist in (\d{4})-(\d{2})$/, zh: (m) => `${m[2]} 年 ${Number(m[3])} 月没有 ${m[1]} 日` },
  { code: 'bad-date', en: /^time of day out of range$/, zh: () => '时间超出范围' },
  { code: 'bad-geometry', en: /^expected a Point$/, zh: () => '应为点（Point）几何' },
  { code: 'bad-geometry', en: /^coordinates must be numbers$/, zh: () => '坐标必须是数字' },
  { code: 'bad-coordinate', en: /^outside \[-180, 180\] × \[-90, 90\]$/, zh: () => '超出 [-180, 180] × [-90, 90]' },
  {
    code: 'outside-area',
    en: /^more than (\d+(?:\.\d+)?) m outside the area boundary(?: \(after (\w+) → WGS84\))?$/,
    zh: (m) => `超出区域边界 ${m[1]} 米以上${m[2] ? `（已由 ${m[2]} 转换为 WGS84）` : ''}`,
  },
  {
    code: 'outside-area',
    en: /^outside the area boundary(?: \(after (\w+) → WGS84\))?$/,
    zh: (m) => `不在区域边界内${m[1] ? `（已由 ${m[1]} 转换为 WGS84）` : ''}`,
  },
  { code: 'bad-coordinate', en: /^not a coordinate: (.*)$/s, zh: (m) => `不是坐标：${m[1]}` },
  { code: 'bad-coordinate', en: /^a latitude \(N\/S\) in the longitude column$/, zh: () => '经度列中是纬度（N/S）' },
  { code: 'bad-coordinate', en: /^a longitude \(E\/W\) in the latitude column$/, zh: () => '纬度列中是经度（E/W）' },
  {
    code: 'bad-coordinate',
    en: /^(longitude|latitude) must be within (-?\d+)\.\.(\d+)$/,
    zh: (m) => `${fieldZh(m[1])}必须在 ${m[2]} 到 ${m[3]} 之间`,
  },
  {
    code: 'extra-cells',
    en: /^the row has (\d+) more cell\(s\) than the header/,
    zh: (m) => `该行比表头多 ${m[1]} 个单元格：值里有未加引号的分隔符？`,
  },
  { code: 'no-position', en: /^no coordinates and no address/, zh: () => '没有坐标也没有地址：至少需要其中之一' },
  {
    code: 'no-gazetteer',
    en: /^no coordinates, and the area has no gazetteer/,
    zh: () => '没有坐标，且本区域尚无地名库可按地址定位：请先导入地名（类型 places）',
  },
  {
    code: 'address-not-found',
    en: /^no place in the gazetteer matches the address/,
    zh: () => '地名库中没有与该地址匹配的地点（请提供坐标，或以 places 类型导入该地点或别名）',
  },
  { code: 'bad-satisfaction', en: /^expected a score 1\.\.5 or /, zh: () => '应为 1-5 分或 满意/基本满意/一般/不满意/很不满意' },
  {
    code: 'outside-area',
    en: /^outside the area boundary \(bbox shown\)$/,
    zh: () => '不在区域边界内（值为外包矩形）',
  },
  { code: 'no-geometry', en: /^no geometry and no lon\/lat columns$/, zh: () => '没有几何，也没有经度/纬度列' },
  {
    code: 'no-geometry',
    en: /^no geometry: a Polygon or MultiPolygon is required$/,
    zh: () => '没有几何：需要面（Polygon 或 MultiPolygon）',
  },
  {
    code: 'bad-geometry',
    en: /^expected a Polygon or MultiPolygon( or a Point)?$/,
    zh: (m) => `应为面（Polygon 或 MultiPolygon）${m[1] ? '或点（Point）' : ''}几何`,
  },
  { code: 'bad-geometry', en: /^(\d+) more geometry problem\(s\)$/, zh: (m) => `另有 ${m[1]} 个几何问题` },
  { code: 'bad-geometry', en: /^a position must be \[lon, lat\]$/, zh: () => '坐标点必须是 [经度, 纬度]' },
  {
    code: 'bad-coordinate',
    en: /^(longitude|latitude) must be a number in \[(-?\d+), (\d+)\], got (.*)$/s,
    zh: (m) => `${fieldZh(m[1])}必须是 ${m[2]} 到 ${m[3]} 之间的数字，实为 ${m[4]}`,
  },
  { code: 'bad-geometry', en: /^must be a GeoJSON Polygon or MultiPolygon$/, zh: () => '必须是 GeoJSON 面（Polygon 或 MultiPolygon）' },
  {
    code: 'bad-geometry',
    en: /^must be a Polygon or MultiPolygon, got (.*)$/s,
    zh: (m) => `必须是面（Polygon 或 MultiPolygon），实为 ${m[1]}`,
  },
  { code: 'bad-geometry', en: /^a polygon needs at least one ring$/, zh: () => '面至少需要一个环' },
  { code: 'bad-geometry', en: /^a ring needs at least 4 positions \(closed\)$/, zh: () => '环至少需要 4 个点（首尾相同）' },
  { code: 'bad-geometry', en: /^ring is not closed \(first and last positions differ\)$/, zh: () => '环未闭合（首尾两点不同）' },
  { code: 'bad-geometry', en: /^too many vertices \((\d+) > (\d+)\)$/, zh: (m) => `顶点过多（${m[1]} > ${m[2]}）` },
  {
    code: 'bad-geometry',
    en: /^spans 180° of longitude or more/,
    zh: () => '经度跨度达到或超过 180°（不支持跨越 180° 经线）',
  },
  {
    code: 'self-intersection',
    en: /^self-intersecting polygon \(first crossing near \[(.*?)\], (.*)\)$/s,
    zh: (m) => `面自相交（第一个交点在 [${m[1]}] 附近，${m[2]}）`,
  },
  {
    code: 'bad-geometry',
    en: /^ring has zero area: (\S+) square degrees, below (\S+)$/,
    zh: (m) => `环的面积为零：${m[1]} 平方度，小于 ${m[2]}`,
  },
  { code: 'bad-azimuth', en: /^repeated azimuth$/, zh: () => '方位角重复' },
  {
    code: 'bad-azimuth',
    en: /^"(.*)": (.+) must be within (-?[\d.]+)\.\.(-?[\d.]+)$/s,
    zh: (m) => `"${m[1]}"：${fieldZh(m[2])}必须在 ${m[3]} 到 ${m[4]} 之间`,
  },
  { code: 'bad-azimuth', en: /^more than (\d+) azimuths$/, zh: (m) => `方位角超过 ${m[1]} 个` },
  { code: 'too-long', en: /^alias "(.*)" longer than (\d+) characters$/s, zh: (m) => `别名"${m[1]}"超过 ${m[2]} 个字符` },
  { code: 'too-many', en: /^more than (\d+) aliases$/, zh: (m) => `别名超过 ${m[1]} 个` },
  { code: 'too-long', en: /^as the code, longer than (\d+) characters$/, zh: (m) => `用作编码时超过 ${m[1]} 个字符` },
  { code: 'out-of-range', en: /^power in watts must be positive$/, zh: () => '以瓦为单位的功率必须为正数' },
  {
    code: 'site-name-conflict',
    en: /^site (.+) is named "(.*)" on line (\d+)$/s,
    zh: (m) => `站点 ${m[1]} 在第 ${m[3]} 行的名称是"${m[2]}"`,
  },
  { code: 'not-integer', en: /^(.+) must be a non-negative integer$/, zh: (m) => `${m[1]} 必须是非负整数` },
  { code: 'duplicate', en: /^duplicate (.+) \(first on line (\d+)\)$/, zh: (m) => `重复的 ${m[1]}（首次出现在第 ${m[2]} 行）` },
  {
    code: 'swapped-lon-lat',
    en: /^columns "(.*)" \(longitude\) and "(.*)" \(latitude\) look swapped: (.*?); fix the header or map them with (.*)$/s,
    zh: (m) => `列"${m[1]}"（经度）和"${m[2]}"（纬度）疑似互换：${m[3]}；请改正表头，或用 ${m[4]} 指定`,
  },
];

/** Warnings of the engine and the service (WarningList), most specific first. */
const WARNINGS: Pattern[] = [
  { code: 'title-rows', en: /^rows 1-(\d+) above the header skipped$/, zh: (m) => `已跳过表头上方的第 1-${m[1]} 行` },
  {
    code: 'title-rows',
    en: /^worksheet "(.*)": rows 1-(\d+) above the header skipped$/,
    zh: (m) => `工作表"${m[1]}"：已跳过表头上方的第 1-${m[2]} 行`,
  },
  { code: 'columns-ignored', en: /^columns ignored: (.*)$/s, zh: (m) => `未使用的列：${m[1]}` },
  {
    code: 'column-conflict',
    en: /^columns "(.*)" and "(.*)" both map to (\S+); using "(.*)" \(add a mapping entry to choose\)$/,
    zh: (m) => `列"${m[1]}"和"${m[2]}"都对应字段 ${m[3]}；使用"${m[4]}"（可在列映射中指定）`,
  },
  {
    code: 'same-report',
    en: /^line (\d+): same report as line (\d+) \(no external_id, identical content\); imported once$/,
    zh: (m) => `第 ${m[1]} 行：与第 ${m[2]} 行是同一条上报（无编号、内容相同），只导入一次`,
  },
  {
    code: 'unrecognised-value',
    en: /^line (\d+)(?:-(\d+))?, column "(.*)": value "(.*)" not recognised in (\d+) row\(s\); imported as (\S+) \(add a value mapping to classify it\)$/s,
    zh: (m) =>
      `第 ${m[1]}${m[2] ? `-${m[2]}` : ''} 行，列"${m[3]}"：无法识别的值"${m[4]}"（共 ${m[5]} 行），已按 ${m[6]} 导入（可添加值映射来归类）`,
  },
  {
    code: 'value-mapping-unused',
    en: /^value mapping for column "(.*)": no such column in the file$/,
    zh: (m) => `值映射中的列"${m[1]}"：文件中没有这一列`,
  },
  {
    code: 'value-mapping-remembered',
    en: /^applied (\d+) value mapping\(s\) remembered for (\S+) in this area$/,
    zh: (m) => `已应用本区域为 ${m[2]} 保存的 ${m[1]} 条值映射`,
  },
  {
    code: 'default-source',
    en: /^no source column: every report gets source "(\S+)"$/,
    zh: (m) => `文件没有来源列：所有上报的来源记为"${m[1]}"`,
  },
  {
    code: 'same-row',
    en: /^line (\d+): same (measurement|survey response) as line (\d+) \(no external_id, identical content\); imported once$/,
    zh: (m) => `第 ${m[1]} 行：与第 ${m[3]} 行是同一条${m[2] === 'measurement' ? '测量' : '问卷答复'}（无编号、内容相同），只导入一次`,
  },
  {
    code: 'unrecognised-value',
    en: /^line (\d+), column (.*): unrecognised problem (.*) kept as other$/s,
    zh: (m) => `第 ${m[1]} 行，列 ${m[2]}：无法识别的问题 ${m[3]}，已按 other 保留`,
  },
  {
    code: 'unrecognised-value',
    en: /^(\d+) more unrecognised value\(s\) not listed$/,
    zh: (m) => `另有 ${m[1]} 个无法识别的值未列出`,
  },
  {
    code: 'polygon-repaired',
    en: /^line (\d+): polygon repaired: rebuilt rings that crossed or touched themselves \(first near \[(.*?)\]\); area unchanged \((\S+) km2\)$/,
    zh: (m) => `第 ${m[1]} 行：已修复面：重建了自相交或自接触的环（第一处在 [${m[2]}] 附近），面积不变（${m[3]} 平方千米）`,
  },
  {
    code: 'geojson-crs',
    en: /^the file declares a "crs" member/,
    zh: () => '文件声明了 "crs" 成员（RFC 7946 之前的 GeoJSON），已忽略：坐标不是 WGS84 时请指定坐标系（crs）',
  },
  { code: 'mapping-ignored', en: /^the column mapping is ignored for OpenCelliD files$/, zh: () => 'OpenCelliD 文件不使用列映射，已忽略' },
  {
    code: 'opencellid-note',
    en: /^OpenCelliD positions are crowd-sourced estimates/,
    zh: () =>
      'OpenCelliD 的位置是众包估计（由手机看到该小区的位置平均而来），常与铁塔相差数百米；"range" 是这些观测的分布范围，不是小区半径。小区按全向小区、默认参数导入。',
  },
  {
    code: 'rows-skipped',
    en: /^(\d+) row\(s\) skipped: (radio|mcc|mnc) (.*) not selected$/,
    zh: (m) => `跳过 ${m[1]} 行：未选择的 ${m[2]} ${m[3]}`,
  },
  {
    code: 'rows-skipped',
    en: /^(\d+) row\(s\) skipped: tower more than (\S+) m outside the area$/,
    zh: (m) => `跳过 ${m[1]} 行：基站在区域外超过 ${m[2]} 米`,
  },
  { code: 'rows-skipped', en: /^(\d+) row\(s\) skipped: (.*)$/s, zh: (m) => `跳过 ${m[1]} 行：${m[2]}` },
];

function match(patterns: Pattern[], text: string): { pattern: Pattern; m: RegExpExecArray } | null {
  for (const pattern of patterns) {
    const m = pattern.en.exec(text);
    if (m) return { pattern, m };
  }
  return null;
}

/** The stable machine code of a row error's reason ("required", "not-a-date", "outside-area"...; else "invalid"). */
export function rowErrorCode(reason: string): string {
  const found = match(REASONS, reason);
  if (found) return found.pattern.code;
  const part = /^"(.*)": (.+)$/s.exec(reason);
  return (part && match(REASONS, part[2])?.pattern.code) || 'invalid';
}

/** A row error's reason in `lang` (English as written when no translation is known). */
export function localiseReason(reason: string, lang: ImportLang): string {
  if (lang === 'en') return reason;
  const found = match(REASONS, reason);
  if (found) return found.pattern.zh(found.m);
  // One part of a list value ('"120x": not a number'): the part, then its own reason.
  const part = /^"(.*)": (.+)$/s.exec(reason);
  return part && match(REASONS, part[2]) ? `"${part[1]}"：${localiseReason(part[2], lang)}` : reason;
}

/** The stable machine code of a warning ("title-rows", "unrecognised-value"...; else "warning"). */
export function warningCode(warning: string): string {
  return match(WARNINGS, warning)?.pattern.code ?? 'warning';
}

/** A message as the import audit keeps it: its code and its text in both languages. */
export interface AuditedMessage {
  code: string;
  en: string;
  zh: string;
}

/** A warning as the audit keeps it. */
export function auditedWarning(warning: string): AuditedMessage {
  return { code: warningCode(warning), en: warning, zh: localiseWarning(warning, 'zh') };
}

/** A row error as the audit keeps it: the English reason, its code and its Chinese text. */
export function auditedRowError<E extends { reason: string }>(error: E): E & { code: string; reasonZh: string } {
  return { ...error, code: rowErrorCode(error.reason), reasonZh: localiseReason(error.reason, 'zh') };
}

/**
 * An audited warning in `lang`: the stored text of that language; a plain English string (as
 * records written before both were kept) is translated now.
 */
export function auditedWarningIn(stored: unknown, lang: ImportLang): string {
  if (typeof stored === 'string') return localiseWarning(stored, lang);
  const m = stored as Partial<AuditedMessage>;
  return (lang === 'zh' ? m.zh : m.en) ?? m.en ?? '';
}

/** An audited row error in `lang`, with its code (computed for records that predate stored codes). */
export function auditedRowErrorIn(
  stored: { line: number; column: string; value: string; reason: string; code?: string; reasonZh?: string },
  lang: ImportLang,
): { line: number; column: string; value: string; reason: string; code: string } {
  return {
    line: stored.line,
    column: stored.column,
    value: stored.value,
    code: stored.code ?? rowErrorCode(stored.reason),
    reason: lang === 'zh' ? (stored.reasonZh ?? localiseReason(stored.reason, 'zh')) : stored.reason,
  };
}

/** A warning in `lang` (English as written when no translation is known). */
export function localiseWarning(warning: string, lang: ImportLang): string {
  if (lang === 'en') return warning;
  const found = match(WARNINGS, warning);
  return found ? found.pattern.zh(found.m) : warning;
}
