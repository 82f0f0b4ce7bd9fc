import { Type, type Static } from 'typebox';
import { REPORT_TECHNOLOGIES, SURVEY_LOCATED, SURVEY_PROBLEMS, SURVEY_SOURCES } from '../core/model.ts';
import { Feature, FeatureCollection, Latitude, Longitude, Nullable, OptionalText, PointGeometry } from './shared.ts';

/**
 * Customer surveys (questionnaires and call-backs): the answers as a map layer,
 * `/api/v1/areas/:areaId/survey-responses`, and perceived against predicted coverage per place,
 * `/api/v1/areas/:areaId/surveys/perceived`.
 */

/** The network the customer uses; `unknown` when the answer does not say. */
export const SurveyTechnology = Type.Enum([...REPORT_TECHNOLOGIES]);
export type SurveyTechnology = Static<typeof SurveyTechnology>;

/** A problem the customer ticked or named; `other` for a wording the import did not recognise. */
export const SurveyProblem = Type.Enum([...SURVEY_PROBLEMS]);
export type SurveyProblem = Static<typeof SurveyProblem>;

export const SurveySource = Type.Enum([...SURVEY_SOURCES]);
export type SurveySource = Static<typeof SurveySource>;

/** Where the position came from: the row's coordinates, or its address placed by the gazetteer. */
export const SurveyLocated = Type.Enum([...SURVEY_LOCATED]);
export type SurveyLocated = Static<typeof SurveyLocated>;

const NullableString = Nullable(Type.String());
/** Satisfaction with the coverage: 1 很不满意, 2 不满意, 3 一般, 4 基本满意, 5 满意. */
export const Satisfaction = Type.Integer({ minimum: 1, maximum: 5, description: '1 very dissatisfied .. 5 satisfied' });

/** One answer as sent; `answeredAt` in ISO 8601 (UTC). */
export const SurveyResponseProperties = Type.Object({
  id: Type.Integer(),
  externalId: Type.String(),
  technology: SurveyTechnology,
  satisfaction: Satisfaction,
  problems: Type.Array(SurveyProblem),
  /** The problems as the file wrote them (unrecognised wordings are kept here). */
  problemsText: NullableString,
  comment: NullableString,
  source: SurveySource,
  answeredAt: Type.String({ format: 'date-time' }),
  located: SurveyLocated,
  placeCode: NullableString,
  address: NullableString,
});
export type SurveyResponseProperties = Static<typeof SurveyResponseProperties>;

export const SurveyResponseFeature = Feature(SurveyResponseProperties, PointGeometry);
export type SurveyResponseFeature = Static<typeof SurveyResponseFeature>;

/** A page of answers: `next` is the keyset cursor of the following page, or null. */
export const SurveyResponsePage = FeatureCollection(SurveyResponseProperties, PointGeometry);
export type SurveyResponsePage = Static<typeof SurveyResponsePage>;

/** `POST .../survey-responses` body. */
export const SurveyResponseCreate = Type.Object({
  externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  lon: Longitude,
  lat: Latitude,
  technology: Type.Optional(SurveyTechnology),
  satisfaction: Satisfaction,
  problems: Type.Optional(Type.Array(SurveyProblem, { maxItems: SURVEY_PROBLEMS.length, uniqueItems: true })),
  comment: OptionalText,
  source: Type.Optional(SurveySource),
  answeredAt: Type.String({ format: 'date-time' }),
  address: OptionalText,
});
export type SurveyResponseCreate = Static<typeof SurveyResponseCreate>;

/** `PATCH .../survey-responses/:id` body: the fields to change. */
export const SurveyResponseUpdate = Type.Partial(SurveyResponseCreate);
export type SurveyResponseUpdate = Static<typeof SurveyResponseUpdate>;

export const PerceivedNetwork = Type.Enum(['GSM', 'CDMA', 'any']);
export type PerceivedNetwork = Static<typeof PerceivedNetwork>;

export const PerceivedFlag = Type.Enum(['unhappy-but-covered', 'satisfied-but-gap']);
export type PerceivedFlag = Static<typeof PerceivedFlag>;

export const PerceivedQuery = Type.Object({
  network: Type.Optional(PerceivedNetwork),
  /** Judge the prediction indoors (threshold + the area's indoor penetration loss). */
  indoor: Type.Optional(Type.Boolean()),
  /** Count answers per problem hotspot too (default true). */
  hotspots: Type.Optional(Type.Boolean()),
  minAnswers: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  coveredPct: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  unhappyBelowPct: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  gapBelowPct: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  satisfiedPct: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  pointRadiusM: Type.Optional(Type.Number({ minimum: 50, maximum: 10_000 })),
});
export type PerceivedQuery = Static<typeof PerceivedQuery>;

export const PerceivedRules = Type.Object({
  minAnswers: Type.Integer(),
  satisfiedFrom: Type.Integer(),
  unsatisfiedUpTo: Type.Integer(),
  coveredPct: Type.Number(),
  unhappyBelowPct: Type.Number(),
  gapBelowPct: Type.Number(),
  satisfiedPct: Type.Number(),
  pointRadiusM: Type.Number(),
});
export type PerceivedRules = Static<typeof PerceivedRules>;

const NullableNumber = Nullable(Type.Number());

/** One place: answers counted, the satisfied share (perceived) and the predicted covered share, %. */
export const PerceivedRow = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kind: Type.Enum(['settlement', 'hotspot']),
  network: PerceivedNetwork,
  answers: Type.Integer(),
  satisfied: Type.Integer(),
  neutral: Type.Integer(),
  unsatisfied: Type.Integer(),
  perceivedPct: NullableNumber,
  meanSatisfaction: NullableNumber,
  predictedPct: NullableNumber,
  differencePts: NullableNumber,
  flag: Nullable(PerceivedFlag),
  problems: Type.Record(Type.String(), Type.Integer()),
  /** A point to label the place with, [lon, lat]. */
  centroid: Type.Tuple([Type.Number(), Type.Number()]),
});
export type PerceivedRow = Static<typeof PerceivedRow>;

export const PerceivedCoverage = Type.Object({
  network: PerceivedNetwork,
  indoor: Type.Boolean(),
  rules: PerceivedRules,
  /** Answers of the network (all of them for `any`). */
  answers: Type.Integer(),
  /** Of which in some settlement. */
  answersInPlaces: Type.Integer(),
  items: Type.Array(PerceivedRow),
});
export type PerceivedCoverage = Static<typeof PerceivedCoverage>;
