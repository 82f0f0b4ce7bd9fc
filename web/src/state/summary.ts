import type { CellCollection, ReportCollection } from '../api/types.ts';

/** The figures the side panel shows for the loaded area. */
export interface AreaSummary {
  areaName: string;
  sites: number;
  cellsGsm: number;
  cellsCdma: number;
  reports: number;
  openReports: number;
  /** Reports the server has in the area but the map does not show (page limit reached). */
  reportsNotShown: number;
}

export function summarize(areaName: string, cells: CellCollection, reports: ReportCollection): AreaSummary {
  const sites = new Set<number>();
  let cellsGsm = 0;
  let cellsCdma = 0;
  for (const { properties: p } of cells.features) {
    sites.add(p.siteId);
    if (p.technology === 'GSM') cellsGsm++;
    else if (p.technology === 'CDMA') cellsCdma++;
  }
  const openReports = reports.features.filter((f) => f.properties.status !== 'resolved').length;
  return {
    areaName,
    sites: sites.size,
    cellsGsm,
    cellsCdma,
    reports: reports.features.length,
    openReports,
    reportsNotShown: Math.max(0, reports.numberMatched - reports.features.length),
  };
}
