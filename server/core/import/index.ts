export * from './area-tester.ts';
export * from './external-id.ts';
export * from './field-parsers.ts';
export * from './key-set.ts';
export * from './row-reader.ts';
export * from './types.ts';
export * from './validator.ts';
export * from './row-position.ts';
