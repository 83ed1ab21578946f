/**
 * The OpenAPI fuzz's generators (test/fuzz.test.ts): fast-check
 * arbitraries for valid values of a JSON Schema as the served OpenAPI document gives
 * them (TypeBox's output: objects, strings with lengths, patterns and formats, integers
 * and numbers with bounds, enums, unions, arrays), and the values a mutation puts in
 * their place (wrong types, huge and unicode strings, NUL, lone surrogates, boundary
 * numbers) or sends instead of the body (malformed JSON, other content types).
 */
import fc from 'fast-check';
import { HTML, LONG, LONG_HAN, SQL_DROP, SQL_OR, transportCases } from './bad-input.js';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
  minProperties?: number;
}

/**
 * Real values the set-up made, offered where a field's name asks for one: ids by what
 * they name (`productId`, a path's `/products/{id}` → `product`), and upload URLs.
 */
export interface Pools {
  ids: Record<string, string[]>;
  imageUrls: string[];
}

/** The real ids a field or parameter called `name` may take: those of its kind, else any. */
function idsFor(pools: Pools, name: string): string[] {
  const kind = name.replace(/Ids?$/, '');
  return pools.ids[kind] ?? pools.ids[kind === 'addOn' ? 'sku' : ''] ?? Object.values(pools.ids).flat();
}

/* ------------------------------------------------------------ valid values */

const HAN = fc.constantFrom(...'好物分享面膜补水保湿中文测试拼团砍价订单商品'.split(''));
const LATIN = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split(''));
/** Printable characters a person might type: Latin, Han, emoji, Arabic and Hebrew (RTL), a letter with combining marks. */
const PRINTABLE = fc.oneof(
  { weight: 4, arbitrary: LATIN },
  { weight: 4, arbitrary: HAN },
  { weight: 1, arbitrary: fc.constantFrom('😀', '👍🏽', '👨‍👩‍👧', '🇨🇳', '✨') },
  { weight: 1, arbitrary: fc.constantFrom('ש', 'ل', 'م', '\u200f', '\u200d') },
  { weight: 1, arbitrary: fc.constantFrom('é', 'ñ', 'Z\u0351\u0352\u0353') },
  { weight: 1, arbitrary: fc.constantFrom('.', ',', '!', '#', '@', '-', '_', '（', '）', '，') },
);

/** Text as Ajv counts it (code points), between `min` and `max`, from `chars`. */
function textOf(chars: fc.Arbitrary<string>, min: number, max: number): fc.Arbitrary<string> {
  return fc.array(chars, { minLength: min, maxLength: Math.max(min, max) }).map((parts) => {
    let s = parts.join('');
    while ([...s].length > max) s = [...s].slice(0, max).join('');
    return s;
  });
}

const codePoints = (s: string) => [...s].length;

/** Instants and days a format check lets through that a database may not hold (year 0, 9999, a leap day, a leap second). */
const EDGE_INSTANTS = ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '1969-12-31T23:59:59.999Z', '9999-12-31T23:59:59Z', '2024-02-29T12:00:00+14:00', '2026-06-30T23:59:60Z', '2026-01-01T00:00:00.123456789Z'];
const EDGE_DAYS = ['0000-01-01', '0001-01-01', '1970-01-01', '9999-12-31', '2024-02-29', '2026-02-29', '2026-00-10', '2026-12-32'];

/** One line of visible text: no control characters, no blanks at either end (the `Text` pattern). */
function lineText(min: number, max: number): fc.Arbitrary<string> {
  const inner = fc.oneof({ weight: 6, arbitrary: PRINTABLE }, { weight: 1, arbitrary: fc.constant(' ') });
  return textOf(inner, Math.max(1, min), max)
    .map((s) => s.trim().replace(/\p{Cc}|\u200f|\u200d/gu, ''))
    .map((s) => (codePoints(s) < Math.max(1, min) ? s + '字'.repeat(Math.max(1, min) - codePoints(s)) : s));
}

const HAN_NAME = /^[\p{Script=Han}A-Za-z][\p{Script=Han}A-Za-z·• ]{0,28}[\p{Script=Han}A-Za-z]$/u;

function stringFor(schema: JsonSchema, name: string, pools: Pools, now: Date): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  // Without a cap of its own, a valid value stays short (the mutations send the long ones).
  const max = Math.min(schema.maxLength ?? 40, Math.max(min, 60));
  const fits = (s: string) => codePoints(s) >= min && codePoints(s) <= (schema.maxLength ?? Infinity) && (!schema.pattern || new RegExp(schema.pattern, 'u').test(s));
  if (schema.format === 'date-time') {
    return fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: -30, max: 30 }).map((days) => new Date(now.getTime() + days * 86_400_000 + 3_600_000).toISOString()) },
      // Valid to the schema, at the edges of what PostgreSQL and JavaScript hold.
      { weight: 1, arbitrary: fc.constantFrom(...EDGE_INSTANTS) },
    );
  }
  if (schema.format === 'email') return fc.tuple(textOf(LATIN, 1, 12), fc.constantFrom('example.com', 'shop.cn')).map(([a, b]) => `${a}@${b}`).filter(fits);
  if (schema.format === 'uri' || /url$/i.test(name)) {
    if (pools.imageUrls.length) return fc.constantFrom(...pools.imageUrls).filter(fits);
  }
  if (/(^id$|Id$)/.test(name) && idsFor(pools, name).length) {
    return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...idsFor(pools, name)) }, { weight: 1, arbitrary: textOf(LATIN, Math.max(1, min), Math.min(max, 40)) }).filter(fits);
  }
  const pattern = schema.pattern;
  if (!pattern) return textOf(PRINTABLE, min, max).filter(fits);
  if (pattern === '^[^\\s\\p{Cc}](?:[^\\p{Cc}]*[^\\s\\p{Cc}])?$') return lineText(min, max).filter(fits);
  if (pattern === '^(?:[^\\p{Cc}]|[\\n\\r\\t])*$') {
    return textOf(fc.oneof({ weight: 8, arbitrary: PRINTABLE }, { weight: 1, arbitrary: fc.constantFrom('\n', '\t', ' ') }), Math.max(1, min), max).filter(fits);
  }
  if (pattern === HAN_NAME.source) return textOf(HAN, Math.max(2, min), Math.min(max, 6)).filter(fits);
  if (pattern === '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') {
    return fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: -400, max: 30 }).map((days) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10)) },
      { weight: 1, arbitrary: fc.constantFrom(...EDGE_DAYS) },
    );
  }
  // ASCII patterns (ids, digits, phone numbers, tracking numbers): fast-check builds them from the expression.
  return fc
    .stringMatching(new RegExp(pattern))
    .map((s) => s.slice(0, schema.maxLength ?? 64))
    .filter(fits);
}

/** A value `schema` accepts (TypeBox's JSON Schema), `name` being the field's name (for ids and URLs). */
export function validValue(schema: JsonSchema, pools: Pools, now: Date, name = ''): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return fc.oneof(...options.map((option) => validValue(option, pools, now, name)));
  const types = [schema.type ?? 'object'].flat();
  if (types.length > 1) return fc.oneof(...types.map((type) => validValue({ ...schema, type }, pools, now, name)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1_000);
      const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1_000_000);
      // Mostly small amounts (a valid order is one a wallet can pay), sometimes the bounds.
      return fc.oneof(fc.integer({ min, max: Math.min(max, Math.max(min, 100)) }), fc.integer({ min, max }), fc.constantFrom(min, max));
    }
    case 'number': {
      const min = schema.minimum ?? -1_000;
      const max = schema.maximum ?? 1_000;
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'string':
      return stringFor(schema, name, pools, now);
    case 'array': {
      const item = validValue(schema.items ?? {}, pools, now, name.replace(/s$/, ''));
      const constraints = { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, Math.max(schema.minItems ?? 0, 3)) };
      return schema.uniqueItems ? fc.uniqueArray(item, { ...constraints, selector: (v) => JSON.stringify(v) }) : fc.array(item, constraints);
    }
    default: {
      const properties = schema.properties ?? {};
      const required = schema.required ?? [];
      const record = fc.record(
        Object.fromEntries(Object.entries(properties).map(([key, child]) => [key, validValue(child, pools, now, key)])),
        { requiredKeys: required.filter((key) => key in properties) },
      );
      // `minProperties` (a PATCH that must change something): at least one of the optional fields.
      return schema.minProperties ? record.filter((value) => Object.keys(value as object).length >= schema.minProperties!) : record;
    }
  }
}

/* ------------------------------------------------------------ bad values */

/** Strings no field expects: huge, every script and direction, NUL, lone surrogates, markup, SQL. */
export const BAD_STRINGS: readonly string[] = [
  '',
  ' ',
  LONG,
  LONG_HAN,
  'x'.repeat(100_000),
  '中文测试',
  '😀'.repeat(500),
  '👨‍👩‍👧‍👦🏳️‍🌈',
  'مرحبا بالعالم',
  'שלום \u202eevil\u202c',
  'Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358\u0359'.repeat(50),
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfffy',
  '\ufeff',
  '\u0007\u001b[31m',
  'line\nbreak',
  SQL_OR,
  SQL_DROP,
  HTML,
  '../../etc/passwd',
  '%00',
  'NaN',
  'Infinity',
  'true',
  'null',
  '1e308',
  '２０２６',
];

/** Numbers at every boundary a column or a JavaScript number has, and numbers in strings. */
export const BAD_NUMBERS: readonly unknown[] = [0, -1, 1, 2 ** 31, 2 ** 31 - 1, -(2 ** 31), 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 2 ** 63, 1e308, -1e308, 5e-324, 0.5, 1.5, -0.000001, 'NaN', 'Infinity', '-Infinity', '1e3', '12', '0x10'];

/** A value of any wrong type. */
export const BAD_VALUE: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...BAD_STRINGS),
  fc.constantFrom(...BAD_NUMBERS),
  fc.constantFrom(null, true, false, [], {}, [null], [1, 2, 3], { a: 1 }, [[[[[]]]]], Array.from({ length: 1_000 }, (_, i) => i)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A JSON body as its bytes, and the content type it goes with. */
export interface RawBody {
  label: string;
  bytes: string | Uint8Array;
  contentType?: string;
}

/** Bodies that are not the JSON object a route takes (the transport cases of the bad-input suites, and more). */
export function rawBodies(valid: unknown): RawBody[] {
  const json = JSON.stringify(valid ?? {});
  return [
    ...transportCases('').map((c) => ({ label: c.label, bytes: c.raw ?? '', contentType: c.contentType ?? 'application/json' })),
    { label: 'the valid body cut short', bytes: json.slice(0, Math.max(1, Math.floor(json.length / 2))), contentType: 'application/json' },
    { label: 'the valid body with a BOM', bytes: `\ufeff${json}`, contentType: 'application/json' },
    { label: 'the valid body twice', bytes: `${json}${json}`, contentType: 'application/json' },
    { label: 'the valid body as text/plain', bytes: json, contentType: 'text/plain' },
    { label: 'the valid body as JSON in UTF-16', bytes: json, contentType: 'application/json; charset=utf-16' },
    { label: 'the valid body with no content type', bytes: json },
    { label: 'bytes that are not UTF-8', bytes: new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0xaf, 0x22, 0x7d]), contentType: 'application/json' },
    { label: 'JSON nested 5,000 deep', bytes: `${'['.repeat(5_000)}${']'.repeat(5_000)}`, contentType: 'application/json' },
    { label: 'an object nested 2,000 deep', bytes: `${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`, contentType: 'application/json' },
    { label: 'a key repeated', bytes: json.length > 2 ? `{"__proto__":1,${json.slice(1)}` : '{"a":1,"a":2}', contentType: 'application/json' },
    { label: 'a NUL byte in the JSON', bytes: json.replace(/"$/, '\u0000"'), contentType: 'application/json' },
    { label: 'JSON with comments', bytes: `/* hi */${json}`, contentType: 'application/json' },
    { label: 'a JSON string', bytes: '"text"', contentType: 'application/json' },
    { label: 'a JSON number', bytes: '1e400', contentType: 'application/json' },
    { label: 'JSON null', bytes: 'null', contentType: 'application/json' },
    { label: 'an array of the valid body', bytes: `[${json}]`, contentType: 'application/json' },
    { label: 'multipart with a file', bytes: '--b\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\u0089PNG\r\n--b--\r\n', contentType: 'multipart/form-data; boundary=b' },
    { label: 'a content type with a bad parameter', bytes: json, contentType: 'application/json; charset=' },
    { label: 'a bogus content type', bytes: json, contentType: '*/*' },
  ];
}

/** Every place in a JSON value, as a path of keys and indexes (the root is []). */
export function placesIn(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => placesIn(v, [...at, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) placesIn(v, [...at, k], out);
  return out;
}

/** `value` with the thing at `path` replaced by `next` (or removed when `next` is `REMOVE`). */
export const REMOVE = Symbol('remove');
export function replaceAt(value: unknown, path: (string | number)[], next: unknown): unknown {
  if (path.length === 0) return next === REMOVE ? undefined : next;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    if (rest.length === 0 && next === REMOVE) copy.splice(head as number, 1);
    else copy[head as number] = replaceAt(copy[head as number], rest, next);
    return copy;
  }
  const copy = { ...(value as Record<string, unknown>) };
  if (rest.length === 0 && next === REMOVE) delete copy[head as string];
  else copy[head as string] = replaceAt(copy[head as string], rest, next);
  return copy;
}

/** A path segment as it goes on the wire: encoded text, or raw bytes that are not valid encoding. */
export function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    // A lone surrogate cannot be encoded; send what a client that tried would: its WTF-8 bytes.
    return [...value].map((ch) => (ch.isWellFormed() ? encodeURIComponent(ch) : '%ED%A0%80')).join('');
  }
}

/** Path and query values that are not percent-encoded UTF-8, sent exactly as written. */
export const RAW_URL_VALUES: readonly string[] = ['%00', 'x%00y', '%E0%A4%A', '%ZZ', '%ED%A0%80', '%C0%AF', '..', '.', '%2e%2e', '..%2F..%2Fetc%2Fpasswd', '%25', '%', 'a%2Fb', '%u4e2d', '%F0%9F%98'];
