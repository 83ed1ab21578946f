/**
 * Requests built from a route's own JSON schema, as large and as bad as its
 * limits allow, and the walker that finds a schema part without a limit. Used by
 * test/request-limits.test.ts and test/worst-bodies.test.ts.
 */

/** The JSON Schema subset TypeBox writes and @fastify/swagger serves. */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  patternProperties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  format?: string;
  maxItems?: number;
  maxProperties?: number;
  minimum?: number;
  maximum?: number;
  $ref?: string;
}

const typesOf = (s: Schema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);
const alternatives = (s: Schema): Schema[] => [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])];
const isObject = (s: Schema) => typesOf(s).includes('object') || s.properties !== undefined || s.patternProperties !== undefined;
const isOpen = (s: Schema) => s.additionalProperties !== false || s.patternProperties !== undefined;
const fixed = (s: Schema) => s.enum !== undefined || s.const !== undefined;

/**
 * Each place in `schema` that accepts an unbounded amount of input: a string without
 * maxLength (enum and const strings are bounded by their values), an array without maxItems,
 * an object open to unknown keys without maxProperties, or a schema with no type at all.
 */
export function uncappedParts(schema: Schema, where: string): string[] {
  const found: string[] = [];
  const walk = (s: Schema, at: string) => {
    if (s.$ref) return void found.push(`${at}: $ref ${s.$ref} (not followed; inline the schema)`);
    const types = typesOf(s);
    const alts = alternatives(s);
    if (types.length === 0 && alts.length === 0 && !fixed(s) && !isObject(s)) found.push(`${at}: any value (no type)`);
    if (types.includes('string') && !fixed(s) && s.maxLength === undefined) found.push(`${at}: string without maxLength`);
    if (types.includes('array') && s.maxItems === undefined) found.push(`${at}: array without maxItems`);
    if (isObject(s) && isOpen(s) && s.maxProperties === undefined) found.push(`${at}: open object without maxProperties`);
    for (const [name, child] of Object.entries(s.properties ?? {})) walk(child, `${at}/${name}`);
    for (const child of Object.values(s.patternProperties ?? {})) walk(child, `${at}/*`);
    if (typeof s.additionalProperties === 'object') walk(s.additionalProperties, `${at}/*`);
    if (s.items) walk(s.items, `${at}/*`);
    alts.forEach((child, i) => walk(child, `${at}/${i}`));
  };
  walk(schema, where);
  return found;
}

/** Text as bad as a string field can hold: markup (never to be echoed), a control character, Han. */
const BAD = '<b>&\u0007中';
const repeatTo = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** The alternative that makes the largest value (a union of a string and null: the string). */
function largest(alts: Schema[], make: (s: Schema) => unknown): unknown {
  let best: unknown = null;
  let bestSize = -1;
  for (const alt of alts) {
    const value = make(alt);
    const size = JSON.stringify(value ?? null).length;
    if (size > bestSize) [best, bestSize] = [value, size];
  }
  return best;
}

/**
 * The largest value `schema` admits in shape: every array at maxItems, every open object at
 * maxProperties, every string at maxLength (Han where free text is allowed, ASCII where a
 * pattern or format asks for it), numbers at their maximum. Whether it passes the schema
 * (patterns, formats) does not matter: it is the most the validator may have to read.
 */
export function largestValue(schema: Schema, depth = 0): unknown {
  if (depth > 12) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return largest(schema.enum.map((value) => ({ const: value })), (s) => s.const);
  const alts = alternatives(schema);
  if (alts.length > 0) return largest(alts, (s) => largestValue(s, depth + 1));
  const types = typesOf(schema);
  if (isObject(schema)) {
    const value: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(schema.properties ?? {})) value[name] = largestValue(child, depth + 1);
    const open = Object.values(schema.patternProperties ?? {})[0] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    if (open) for (let i = Object.keys(value).length; i < (schema.maxProperties ?? 0); i++) value[`k${i}`] = largestValue(open, depth + 1);
    return value;
  }
  if (types.includes('array')) return Array.from({ length: schema.maxItems ?? 0 }, () => largestValue(schema.items ?? {}, depth + 1));
  if (types.includes('string')) return repeatTo(schema.pattern || schema.format ? 'a' : '中', schema.maxLength ?? 0);
  if (types.includes('integer') || types.includes('number')) return schema.maximum ?? Number.MAX_SAFE_INTEGER;
  if (types.includes('boolean')) return true;
  return null;
}

/**
 * The largest value of the shape with bad content everywhere: strings at maxLength of
 * markup and control characters, numbers and booleans as text, enums off their list.
 */
export function badValue(schema: Schema, depth = 0): unknown {
  if (depth > 12) return null;
  if (fixed(schema)) return '<not-one-of-these>';
  const alts = alternatives(schema);
  if (alts.length > 0) return largest(alts, (s) => badValue(s, depth + 1));
  const types = typesOf(schema);
  if (isObject(schema)) {
    const value: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(schema.properties ?? {})) value[name] = badValue(child, depth + 1);
    return value;
  }
  if (types.includes('array')) return Array.from({ length: schema.maxItems ?? 0 }, () => badValue(schema.items ?? {}, depth + 1));
  if (types.includes('string')) return repeatTo(BAD, Math.max(1, schema.maxLength ?? 0));
  if (types.includes('integer') || types.includes('number')) return '1e400';
  if (types.includes('boolean')) return 'yes';
  return BAD;
}

/** Whether `value` holds an array anywhere; the first one found, depth first. */
function firstArray(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) {
      const found = firstArray(child);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The amplification attack: `bad` with its first array stretched past maxItems
 * with bad elements (or, without an array, a field of bad text) until the JSON is `bytes` long.
 */
export function floodValue(schema: Schema, bytes: number): unknown {
  const base = badValue(schema);
  const value = base && typeof base === 'object' && !Array.isArray(base) ? (base as Record<string, unknown>) : { _: base };
  const array = firstArray(value);
  const room = () => bytes - Buffer.byteLength(JSON.stringify(value));
  if (array) {
    // Of the wrong type, so each one is a problem of its own (text where the array holds text
    // would pass): the amplification needs every element to fail.
    const element = typeof array[0] === 'string' ? 0 : '<b>';
    const each = Buffer.byteLength(JSON.stringify(element)) + 1;
    for (let n = Math.floor(room() / each); n > 0; n--) array.push(element);
  } else {
    value._flood = '';
    value._flood = repeatTo(BAD, Math.max(0, Math.floor(room() / 8)));
  }
  return value;
}

/** JSON text nested as deep as `bytes` allows: `{"<field>":[[[…]]]}`. */
export function deepText(field: string, bytes: number): string {
  const depth = Math.max(1, Math.floor((bytes - field.length - 8) / 2));
  return `{${JSON.stringify(field)}:${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

/**
 * The most bytes a valid request body for `schema` can take, written as JSON.stringify
 * writes it: free text 3 bytes a character (Han), pattern- and format-bound text 1.
 */
export function largestValidBytes(schema: Schema, depth = 0): number {
  if (depth > 12) return 0;
  if (schema.const !== undefined) return JSON.stringify(schema.const).length;
  if (schema.enum) return Math.max(...schema.enum.map((value) => Buffer.byteLength(JSON.stringify(value))));
  const alts = alternatives(schema);
  if (alts.length > 0) return Math.max(...alts.map((s) => largestValidBytes(s, depth + 1)));
  const types = typesOf(schema);
  if (isObject(schema)) {
    let bytes = 2;
    for (const [name, child] of Object.entries(schema.properties ?? {})) bytes += name.length + 4 + largestValidBytes(child, depth + 1);
    const open = Object.values(schema.patternProperties ?? {})[0] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    if (open) bytes += (schema.maxProperties ?? 0) * (68 + largestValidBytes(open, depth + 1));
    return bytes;
  }
  if (types.includes('array')) return 2 + (schema.maxItems ?? 0) * (largestValidBytes(schema.items ?? {}, depth + 1) + 1);
  if (types.includes('string')) {
    const asciiOnly = (schema.pattern !== undefined && !/\\p|\[\^|\.|\\S|\\W|\\D/.test(schema.pattern)) || schema.format !== undefined;
    return 2 + (schema.maxLength ?? 0) * (asciiOnly ? 1 : 3);
  }
  if (types.includes('integer') || types.includes('number')) return 24;
  return 5;
}
