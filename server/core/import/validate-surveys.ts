import type { SourceRecord } from '../formats/source-types.ts';
import { normaliseEnumValue } from '../formats/values.ts';
import { normaliseKey } from '../formats/normalise-key.ts';
import { REPORT_TECHNOLOGIES, SURVEY_PROBLEMS, SURVEY_SOURCES, type SurveyProblem } from '../model.ts';
import { deriveExternalId, roundDeg } from './external-id.ts';
import { parseNumberText, splitList } from './field-parsers.ts';
import { KeySet } from './key-set.ts';
import { readRowPlacement } from './row-position.ts';
import { RowReader, type ValidationContext } from './row-reader.ts';
import type { RowOutcome, SurveyResponseImport } from './types.ts';

/**
 * Satisfaction with the coverage as questionnaires write it: a score 1..5 ("4", "4分", "４"), or the
 * five words of the branch's form (满意 5, 基本满意 4, 一般 3, 不满意 2, 很不满意 1) and their usual variants.
 */
const SATISFACTION_WORDS: Record<string, number> = Object.fromEntries(
  (
    [
      [5, ['满意', '很满意', '非常满意', '十分满意', 'satisfied', 'verysatisfied', 'good', 'verygood']],
      [4, ['基本满意', '比较满意', '较满意', '还算满意', 'fairlysatisfied', 'mostlysatisfied']],
      [3, ['一般', '还行', '凑合', '中', '中等', 'neutral', 'average', 'ok']],
      [2, ['不满意', '不太满意', '较不满意', '差', 'dissatisfied', 'unsatisfied', 'poor']],
      [1, ['很不满意', '非常不满意', '极不满意', '很差', '非常差', 'verydissatisfied', 'verypoor']],
    ] as const
  ).flatMap(([score, words]) => words.map((w) => [normaliseKey(w), score])),
);

/** A satisfaction answer as 1..5, or null when it is neither a score nor one of the words. */
export function parseSatisfaction(text: string): number | null {
  const word = SATISFACTION_WORDS[normaliseKey(text)];
  if (word !== undefined) return word;
  const score = parseNumberText(text, ['分', 'points', 'pts']);
  return score.ok && Number.isInteger(score.value) && score.value >= 1 && score.value <= 5 ? score.value : null;
}

/** The problems as questionnaires tick or name them, before the reports' vocabulary and keyword rules. */
const PROBLEM_WORDS: Record<string, SurveyProblem> = Object.fromEntries(
  (
    [
      ['indoor', ['室内差', '室内信号差', '室内覆盖差', '室内无信号', '室内信号弱', '楼内信号差', '家里信号差']],
      ['dropped-call', ['掉话', '掉线', '断线', '通话中断', '断话']],
      ['data', ['上网慢', '网速慢', '上网', '数据', '上不了网', '无法上网']],
      ['no-signal', ['无信号', '没信号', '没有信号', '无覆盖', '盲区', '不在服务区']],
      ['weak-signal', ['信号弱', '信号差', '信号不好', '时强时弱', '信号不稳定']],
    ] as const
  ).flatMap(([problem, words]) => words.map((w) => [normaliseKey(w), problem])),
);

/** Keyword rules for wordings not listed, in precedence order (indoor before signal). */
const PROBLEM_KEYWORDS: ReadonlyArray<[RegExp, SurveyProblem]> = [
  [/室内|楼内|地下|家里|屋里/, 'indoor'],
  [/掉话|掉线|断线|中断/, 'dropped-call'],
  [/没信号|无信号|无覆盖|盲区|不在服务区/, 'no-signal'],
  [/信号弱|时强时弱|信号差|不稳定/, 'weak-signal'],
  [/上网|数据|网速/, 'data'],
];

/** One problem wording as a canonical problem; `other` (recognised: false) when nothing matches. */
export function classifySurveyProblem(text: string): { problem: SurveyProblem; recognised: boolean } {
  const key = normaliseKey(text);
  const listed = PROBLEM_WORDS[key];
  if (listed) return { problem: listed, recognised: true };
  const kind = normaliseEnumValue('reportKind', text);
  if (kind !== null && kind !== 'other') return { problem: kind, recognised: true };
  const rule = PROBLEM_KEYWORDS.find(([pattern]) => pattern.test(key));
  if (rule) return { problem: rule[1], recognised: true };
  return { problem: 'other', recognised: kind === 'other' };
}

/** Yes/no of a problem column: the boolean spellings plus the questionnaire's 有/无 and ticks. */
function parseTick(text: string): boolean | null {
  const key = normaliseKey(text);
  if (['有', '是', '存在', '√', '✓', 'x', '×'].includes(text.trim()) || key === '有') return true;
  if (['无', '没有', '否', '不存在'].includes(key)) return false;
  const canonical = normaliseEnumValue('boolean', text);
  return canonical === null ? null : canonical === 'true';
}

const FLAG_FIELDS: ReadonlyArray<[string, SurveyProblem]> = [
  ['problem_no_signal', 'no-signal'],
  ['problem_weak_signal', 'weak-signal'],
  ['problem_dropped_call', 'dropped-call'],
  ['problem_indoor', 'indoor'],
  ['problem_data', 'data'],
];

/**
 * Validator for customer survey responses (questionnaires and call-backs): the answer date, the
 * network (C网/G网/CDMA/GSM, empty = unknown), a position, the satisfaction with coverage (1..5 or
 * its words), the problems (a list column, yes/no columns, or both) and the customer's words. An
 * unrecognised problem wording is kept as `other`, with a warning quoting it. Ids are derived from
 * the content when the file has none, as for reports.
 */
export function createSurveyResponsesValidator(ctx: ValidationContext): (record: SourceRecord) => RowOutcome<SurveyResponseImport> {
  const ids = new KeySet();
  return (record) => {
    const r = new RowReader(record, ctx);
    const explicitId = r.text('external_id') === '' ? null : r.code('external_id');
    const answeredAt = r.date('answered_at');
    const technology = r.enumValue('technology', 'technology', REPORT_TECHNOLOGIES, 'unknown');
    // The same rule as reports: coordinates when the row has them, else the gazetteer place its address names.
    const placement = readRowPlacement(r);
    const position = placement && {
      point: [placement.position.lon, placement.position.lat] as const,
      located: placement.position.located,
      placeCode: placement.place?.code ?? null,
    };
    const address = r.optionalText('address');
    const satisfactionText = r.text('satisfaction');
    let satisfaction: number | null = null;
    if (satisfactionText === '') r.fail(r.column('satisfaction'), '', 'required');
    else {
      satisfaction = parseSatisfaction(satisfactionText);
      if (satisfaction === null)
        r.fail(r.column('satisfaction'), satisfactionText, 'expected a score 1..5 or 满意/基本满意/一般/不满意/很不满意');
    }
    const problems = new Set<SurveyProblem>();
    const unrecognised: string[] = [];
    for (const word of splitList(r.text('problems').replace(/[，；。+]/g, ','))) {
      if (['无', '没有', '无问题', 'none', '-'].includes(normaliseKey(word) || word)) continue;
      const { problem, recognised } = classifySurveyProblem(word);
      problems.add(problem);
      if (!recognised) unrecognised.push(word);
    }
    for (const [field, problem] of FLAG_FIELDS) {
      const text = r.text(field);
      if (text === '') continue;
      const tick = parseTick(text);
      if (tick === null) r.fail(r.column(field), text, 'expected yes/no (是/否, 有/无, √, 1/0)');
      else if (tick) problems.add(problem);
    }
    const comment = r.optionalText('comment');
    const source = r.enumValue('source', 'reportSource', SURVEY_SOURCES, 'questionnaire');
    if (explicitId !== null) {
      const first = ids.add(explicitId, record.line);
      if (first !== null) r.fail(r.column('external_id'), explicitId, `duplicate external_id (first on line ${first})`);
    }
    if (!r.ok) return { status: 'invalid', errors: r.errors };
    const sorted = SURVEY_PROBLEMS.filter((p) => problems.has(p));
    let externalId = explicitId;
    if (externalId === null) {
      externalId = deriveExternalId([
        roundDeg(position!.point[0]),
        roundDeg(position!.point[1]),
        technology,
        answeredAt,
        satisfaction,
        sorted.join(','),
        address,
        comment,
        source,
      ]);
      const first = ids.add(externalId, record.line);
      if (first !== null)
        return {
          status: 'skip',
          warning: `line ${record.line}: same survey response as line ${first} (no external_id, identical content); imported once`,
        };
    }
    const value: SurveyResponseImport = {
      line: record.line,
      externalId,
      lon: position!.point[0],
      lat: position!.point[1],
      located: position!.located,
      placeCode: position!.placeCode,
      address,
      technology: technology!,
      satisfaction: satisfaction!,
      problems: sorted,
      problemsText: r.optionalText('problems'),
      comment,
      source: source!,
      answeredAt: answeredAt!,
    };
    if (unrecognised.length === 0) return { status: 'ok', value };
    return {
      status: 'ok',
      value,
      warning: `line ${record.line}, column ${r.column('problems')}: unrecognised problem ${unrecognised.map((w) => `"${w}"`).join(', ')} kept as other`,
    };
  };
}
