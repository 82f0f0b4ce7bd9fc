import { Type, type Static } from 'typebox';
import { CoverageFigures } from './coverage.ts';
import { Nullable } from './shared.ts';

/** The management dashboard: `/api/v1/areas/:areaId/dashboard/figures`. */

/** The networks the dashboard reports, each and combined, in this order. */
export const DASHBOARD_TECHNOLOGIES = ['GSM', 'CDMA', 'any'] as const;
/** Saved scenarios one request may chart beside the existing network. */
export const MAX_DASHBOARD_SCENARIOS = 10;

/** A network the dashboard reports: GSM, CDMA, or any (covered by either). */
export const DashboardTechnology = Type.Enum([...DASHBOARD_TECHNOLOGIES]);
export type DashboardTechnology = Static<typeof DashboardTechnology>;

/** GET /dashboard/figures: the saved scenarios to chart beside the existing network, and indoor or outdoor figures. */
export const DashboardQuery = Type.Object({
  scenarios: Type.Optional(
    Type.String({
      maxLength: 200,
      pattern: '^[0-9]+(,[0-9]+)*$',
      description: `comma-separated ids of saved scenarios charted beside the existing network (at most ${MAX_DASHBOARD_SCENARIOS})`,
    }),
  ),
  indoor: Type.Optional(Type.Boolean({ default: false, description: 'judge against threshold + indoor penetration loss' })),
});
export type DashboardQuery = Static<typeof DashboardQuery>;

/** The coverage figures of one network for the existing network (scenario null) or a saved scenario, as GET /coverage answers them. */
export const DashboardFigureItem = Type.Object({
  scenario: Nullable(Type.String({ description: 'name of the saved scenario; null = the existing network' })),
  scenarioId: Nullable(Type.Integer()),
  technology: DashboardTechnology,
  figures: CoverageFigures,
});
export type DashboardFigureItem = Static<typeof DashboardFigureItem>;

/** Every network for the existing network, then for each scenario asked for, in that order. */
export const DashboardFigures = Type.Object({ items: Type.Array(DashboardFigureItem) });
export type DashboardFigures = Static<typeof DashboardFigures>;
