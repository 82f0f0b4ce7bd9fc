import { Type, type Static } from 'typebox';
import { Password, UserRole, Username } from './auth.ts';

/** User administration (admins only): `/api/v1/users`. Password hashes never leave the server. */

/** A user as the API shows it; times are ISO 8601 (UTC). */
export const User = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  role: UserRole,
  disabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type User = Static<typeof User>;

/** `GET /users` answer, by id. */
export const UserList = Type.Object({ items: Type.Array(User) });
export type UserList = Static<typeof UserList>;

/** `POST /users` body. */
export const UserCreate = Type.Object({ username: Username, password: Password, role: UserRole });
export type UserCreate = Static<typeof UserCreate>;

/** `PATCH /users/:id` body: a new password ends the user's sessions and revokes their API tokens. */
export const UserUpdate = Type.Object({
  password: Type.Optional(Password),
  role: Type.Optional(UserRole),
  disabled: Type.Optional(Type.Boolean()),
});
export type UserUpdate = Static<typeof UserUpdate>;
