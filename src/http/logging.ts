/**
 * Log settings. Logs are pino JSON with the request id. They must never carry a
 * phone number, identity number, real name, password, PIN, token or TOTP secret:
 * bodies are never logged, query strings are cut from URLs, credential headers and
 * fields are redacted by path, and any string left that looks like a mainland phone
 * or identity number is masked as a last line of defence.
 */
import type { FastifyServerOptions } from 'fastify';
import { stdSerializers } from 'pino';

const PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const ID_NUMBER = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;

export function scrub(text: string): string {
  return text.replace(ID_NUMBER, '[id-number]').replace(PHONE, '[phone]');
}

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  // Requests and errors pass through whole: their serializers below run after this.
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, depth + 1);
  return out;
}

const SECRET_FIELDS = ['password', 'currentPassword', 'pin', 'currentPin', 'token', 'secret', 'otpauthUrl', 'realName', 'idNumber', 'phone', 'recipient', 'line'];

export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `body.${f}`]),
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: scrub((req.url ?? '').split('?')[0] ?? '') }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      // Through JSON first: pino's serialised error is not a plain object, and scrubDeep only walks plain ones.
      err: (err: Error) => scrubDeep(JSON.parse(JSON.stringify(stdSerializers.err(err)))) as ReturnType<typeof stdSerializers.err>,
    },
    formatters: {
      log: (object: Record<string, unknown>) => scrubDeep(object) as Record<string, unknown>,
    },
  };
}
