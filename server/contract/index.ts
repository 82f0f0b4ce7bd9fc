/**
 * The API contract: the TypeBox schemas of every /api/v1 request and answer, and the types derived
 * from them (`Static<typeof X>`). The routes validate and serialise with these schemas and the OpenAPI
 * document is built from them; the web client imports the types from here (type-only imports, so the
 * browser bundle gets no schema code). Only TypeBox and pure shared modules may be imported here
 * (rule `contract-is-pure` in scripts/boundaries/rules.ts).
 */
export * from './parameters.ts';
export * from './shared.ts';
