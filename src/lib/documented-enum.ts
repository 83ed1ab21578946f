import { Type, type TSchemaOptions } from 'typebox';

/**
 * A string the API documents as one of `values` (`enum`, so the web's generated types get the
 * union), while the server's own type of the value is still `string` (a database column the
 * module has not narrowed yet). The serializer writes the string as given, so a value missing
 * here makes a stale document, never a failed response.
 */
export function DocumentedEnum(values: readonly string[], options?: TSchemaOptions) {
  return Type.Unsafe<string>({ ...options, type: 'string', enum: [...values] });
}
