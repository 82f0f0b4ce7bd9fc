export * from './calibrate.ts';
export * from './calibration-input-error.ts';
export * from './calibration-stats.ts';
export * from './environment-fit.ts';
export * from './error-stats.ts';
export * from './line-fit.ts';
export * from './sample-prediction.ts';
export * from './report-table.ts';
