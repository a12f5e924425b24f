import { Type } from 'typebox';

/** RFC 9457 problem details, as every failing request answers. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.String(),
  },
  { additionalProperties: true },
);
