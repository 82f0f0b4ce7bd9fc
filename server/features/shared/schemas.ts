/**
 * Moved to server/contract/shared.ts (the API contract that the routes and the web client share).
 * This re-export keeps the feature folders' imports working while they move to server/contract.
 */
export * from '../../contract/shared.ts';
