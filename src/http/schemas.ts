/** Schema pieces every module uses: strict bodies, problem documents, paging. */
import { Type, type TProperties, type TSchema } from 'typebox';

/**
 * Text a person typed: no control characters (NUL, newlines in a name…) and no
 * blanks at either end.
 */
export const Text = (options: { minLength: number; maxLength: number; description?: string }) =>
  Type.String({ ...options, pattern: '^[^\\s\\p{Cc}](?:[^\\p{Cc}]*[^\\s\\p{Cc}])?$' });

/** Several lines of text: newlines and tabs allowed, other control characters not. */
export const Paragraphs = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '^(?:[^\\p{Cc}]|[\\n\\r\\t])*$' });

/** A request body object: unknown fields are refused (400 VALIDATION_FAILED). */
export const Body = <T extends TProperties>(properties: T) => Type.Object(properties, { additionalProperties: false });

/** Query strings are closed too, so a typo in a parameter name is an error, not a silent default. */
export const Query = Body;

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  },
  { additionalProperties: true },
);

/** Error responses every route may give, for the OpenAPI document. */
export const problems = { '4xx': Problem, '5xx': Problem } as const;

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
};

export const Page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const NoContent = Type.Null();
