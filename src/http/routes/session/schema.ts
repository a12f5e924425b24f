import { Type } from 'typebox';
import { ROLES } from '../../../domain/roles.ts';
import { ProblemSchema } from '../../schemas.ts';

export const SignInBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64, description: '用户名 / username' }),
    password: Type.String({ minLength: 1, maxLength: 256, description: '密码 / password' }),
  },
  { additionalProperties: false },
);

export const MeSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.Enum(ROLES)),
  area: Type.Union([
    Type.Object({ code: Type.String(), name: Type.String(), path: Type.String() }),
    Type.Null(),
  ]),
  department: Type.Union([
    Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }),
    Type.Null(),
  ]),
});

export const signInSchema = {
  tags: ['session'],
  summary: 'Sign in with a password; sets the session cookie',
  body: SignInBody,
  response: { 200: MeSchema, 401: ProblemSchema, 429: ProblemSchema },
};

export const signOutSchema = {
  tags: ['session'],
  summary: 'Sign out: ends the session and clears the cookie',
  response: { 204: Type.Null() },
};

export const meSchema = {
  tags: ['session'],
  summary: 'Who I am: my roles, my area and my department',
  response: { 200: MeSchema, 401: ProblemSchema },
};
