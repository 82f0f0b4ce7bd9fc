import { Type, type Static } from 'typebox';
import { ErrorResponse, Nullable } from '../shared/schemas.ts';
import { PASSWORD_MAX_LENGTH } from './password.ts';
import { USER_ROLES } from './roles.ts';

export const Role = Type.Enum([...USER_ROLES]);
export const Username = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]*$', description: 'letters, digits, . _ @ -; stored lower-case' });
const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH });

export const LoginBody = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Password });
export const LoginAnswer = Type.Object({
  username: Type.String(),
  role: Role,
  csrfToken: Type.String({ description: 'send back as the x-csrf-token header on every write made with the session cookie' }),
});
export const Me = Type.Object({
  username: Type.String(),
  role: Role,
  via: Type.Enum(['session', 'token', 'basic']),
  csrfToken: Type.Optional(Type.String()),
});
export const PasswordChange = Type.Object({
  currentPassword: Password,
  newPassword: Password,
  revokeTokens: Type.Optional(Type.Boolean({ default: false, description: 'also revoke all your API tokens (when the old password may have leaked)' })),
});

export const TokenCreate = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) });
export const TokenCreated = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  token: Type.String({ description: 'shown only in this answer; use as Authorization: Bearer <token>' }),
});
export const TokenInfo = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
});
export const TokenList = Type.Object({ items: Type.Array(TokenInfo) });
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });

export const User = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  role: Role,
  disabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export const UserList = Type.Object({ items: Type.Array(User) });
export const UserCreate = Type.Object({ username: Username, password: Password, role: Role });
export const UserUpdate = Type.Object({ password: Type.Optional(Password), role: Type.Optional(Role), disabled: Type.Optional(Type.Boolean()) });
export type UserUpdate = Static<typeof UserUpdate>;

export const authErrors = { 401: ErrorResponse, 403: ErrorResponse, 429: ErrorResponse } as const;
