import { Type, type Static } from 'typebox';
import { ErrorResponse, Nullable } from './shared.ts';

/** Signing in, the signed-in user and API tokens: `/api/v1/auth`. */

/** The roles a user can hold, least to most privileged: each includes everything the previous one may do. */
export const USER_ROLES = ['viewer', 'planner', 'admin'] as const;

/** Longest password accepted anywhere (characters); the policy (server/features/auth/password.ts) says the rest. */
export const PASSWORD_MAX_LENGTH = 256;

/** A user's role: viewer (reads), planner (edits the network and the layers), admin (users, imports, settings). */
export const UserRole = Type.Enum([...USER_ROLES]);
export type UserRole = Static<typeof UserRole>;

/** How the caller proved who they are: a session cookie, a Bearer token, or HTTP Basic (reads under /ogc only). */
export const CredentialKind = Type.Enum(['session', 'token', 'basic']);
export type CredentialKind = Static<typeof CredentialKind>;

/** A new user name: letters, digits, `. _ @ -`, at most 64 characters; stored lower-case. */
export const Username = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]*$',
  description: 'letters, digits, . _ @ -; stored lower-case',
});
export type Username = Static<typeof Username>;

/** A password as sent; the policy (length, strength) is checked by the service, so that the 422 says why. */
export const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH });
export type Password = Static<typeof Password>;

/** `POST /auth/login` body. */
export const LoginBody = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Password });
export type LoginBody = Static<typeof LoginBody>;

/** `POST /auth/login` answer (the session cookie comes in Set-Cookie). */
export const LoginAnswer = Type.Object({
  username: Type.String(),
  role: UserRole,
  csrfToken: Type.String({ description: 'send back as the x-csrf-token header on every write made with the session cookie' }),
});
export type LoginAnswer = Static<typeof LoginAnswer>;

/** `GET /auth/me`: the signed-in user; `csrfToken` only with a cookie session. */
export const Me = Type.Object({
  username: Type.String(),
  role: UserRole,
  via: CredentialKind,
  csrfToken: Type.Optional(Type.String()),
});
export type Me = Static<typeof Me>;

/** `POST /auth/password` body: one's own password change. */
export const PasswordChange = Type.Object({
  currentPassword: Password,
  newPassword: Password,
  revokeTokens: Type.Optional(
    Type.Boolean({ default: false, description: 'also revoke all your API tokens (when the old password may have leaked)' }),
  ),
});
export type PasswordChange = Static<typeof PasswordChange>;

/** `POST /auth/tokens` body. */
export const TokenCreate = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) });
export type TokenCreate = Static<typeof TokenCreate>;

/** `POST /auth/tokens` answer: the only time the token itself is shown. */
export const TokenCreated = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  token: Type.String({ description: 'shown only in this answer; use as Authorization: Bearer <token>' }),
});
export type TokenCreated = Static<typeof TokenCreated>;

/** One API token of the signed-in user, without its secret; times are ISO 8601 (UTC). */
export const TokenInfo = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type TokenInfo = Static<typeof TokenInfo>;

/** `GET /auth/tokens` answer. */
export const TokenList = Type.Object({ items: Type.Array(TokenInfo) });
export type TokenList = Static<typeof TokenList>;

/** `:id` of a token or a user. */
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
export type IdParams = Static<typeof IdParams>;

/** The answers access control adds to every route that needs a signed-in user: 401, 403 and 429 (rate limits). */
export const authErrors = { 401: ErrorResponse, 403: ErrorResponse, 429: ErrorResponse } as const;
