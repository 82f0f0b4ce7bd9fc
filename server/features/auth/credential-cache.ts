import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.ts';
import { ShortLivedCache } from '../../lib/short-lived-cache.ts';
import type { CredentialOwner } from './principal.ts';

/**
 * Who owns an API token or a session, remembered for a few seconds so that a burst of requests with
 * one token costs one database lookup instead of one each. Keyed by the SHA-256 of the secret (the
 * secret itself is never kept).
 *
 * Every change of credentials through this process (revoking a token, signing out, a password
 * change, disabling, deleting or changing the role of a user) calls `invalidateCredentials()` right
 * after its statement, which empties every credential cache of the process: the change applies to the
 * very next request. A change written to the database by another process (a second service instance,
 * a script or SQL run by hand) applies after at most CREDENTIAL_CACHE_TTL_MS.
 */
export const CREDENTIAL_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

export type TokenOwner = CredentialOwner & { tokenId: number };
export type SessionOwner = CredentialOwner & { csrfToken: string; expiresAt: Date };

/** Bumped by every credential change; shared by the caches of every database of the process. */
let credentialsGeneration = 0;

interface CredentialCaches {
  tokens: ShortLivedCache<TokenOwner>;
  sessions: ShortLivedCache<SessionOwner>;
}

const perDatabase = new WeakMap<Kysely<Database>, CredentialCaches>();

/** The credential caches of one database handle (tests run several in one process). */
export function credentialCaches(db: Kysely<Database>): CredentialCaches {
  let caches = perDatabase.get(db);
  if (!caches) {
    const options = { ttlMs: CREDENTIAL_CACHE_TTL_MS, maxEntries: MAX_ENTRIES, generation: () => credentialsGeneration };
    caches = { tokens: new ShortLivedCache<TokenOwner>(options), sessions: new ShortLivedCache<SessionOwner>(options) };
    perDatabase.set(db, caches);
  }
  return caches;
}

/** Forget every cached token and session owner (all databases of this process). */
export function invalidateCredentials(): void {
  credentialsGeneration++;
}
