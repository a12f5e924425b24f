import { Type } from 'typebox';
import { RESIDENT_MIN_PASSWORD_LENGTH } from '../../../security/passwords.ts';
import { ProblemSchema } from '../../schemas.ts';
import { MeSchema } from '../session/schema.ts';

export const signUpSchema = {
  tags: ['session'],
  summary: 'A resident (居民/企业) makes an account with a mobile number and is signed in',
  description:
    'The mobile number becomes the username; the session cookie is set as by POST /api/v1/session. Rate limited ' +
    'like sign-in. A number that already has an account answers 409: sign in instead.',
  body: Type.Object(
    {
      phone: Type.String({
        pattern: '^1[3-9]\\d{9}$',
        description: '中国大陆手机号 / mainland China mobile number',
      }),
      displayName: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
      password: Type.String({ minLength: RESIDENT_MIN_PASSWORD_LENGTH, maxLength: 256 }),
      areaCode: Type.Optional(
        Type.String({
          pattern: '^[0-9A-Za-z_-]{1,32}$',
          description: 'where they live; by default the district, when there is one',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  response: { 201: MeSchema, 400: ProblemSchema, 409: ProblemSchema, 429: ProblemSchema },
};
