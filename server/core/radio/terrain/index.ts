export * from './deygout.ts';
export * from './effective-height.ts';
export * from './knife-edge.ts';
export * from './profile.ts';
