/**
 * Security headers on every response, HTML and API alike, set by
 * @fastify/helmet in a root onRequest hook so 404s, problem+json errors, static files,
 * uploads, the share pages and /docs carry them too:
 *
 * - Content-Security-Policy: everything from our own origin, no inline script at all,
 *   no plugins, no framing (`frame-ancestors 'none'`: confirm-receipt releases escrow in
 *   one click, so no other site may overlay it), violations reported to `reportPath`.
 *   Images may also be `data:` (QR codes, the favicon) and `blob:` (previews of a photo
 *   before it is uploaded). A page that needs an inline `<style>` allows exactly that
 *   text by its hash (`allowInlineStyles`), never `'unsafe-inline'`.
 * - X-Frame-Options DENY for browsers without frame-ancestors; nosniff;
 *   Referrer-Policy strict-origin-when-cross-origin; a Permissions-Policy that turns off
 *   the device features Agora never uses and keeps passkeys (WebAuthn) for ourselves.
 * - HSTS only in production: a development server on plain HTTP must not teach a
 *   browser to refuse http://localhost, and `upgrade-insecure-requests` likewise.
 *
 * @example
 *   await registerSecurityHeaders(app, { production: config.nodeEnv === 'production', reportPath: '/api/v1/csp-reports' });
 */
import { createHash } from 'node:crypto';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply } from 'fastify';
import helmet from 'helmet';
// The `crossSite` route option the report sink sets is declared there.
import type {} from './cross-site.js';

/** Features Agora never uses are off for every frame; passkeys stay on for our own pages. */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'browsing-topics=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'publickey-credentials-create=(self)',
  'publickey-credentials-get=(self)',
  'serial=()',
  'usb=()',
  'xr-spatial-tracking=()',
].join(', ');

/** The Reporting API's name for our CSP report sink (`report-to csp`). */
const REPORT_GROUP = 'csp';
/** A report is a few hundred bytes; anything larger is not a browser's report. */
const REPORT_BODY_LIMIT = 16 * 1024;
/** At most this many reports are logged per minute per process, so a flood cannot fill the logs. */
const REPORTS_LOGGED_PER_MINUTE = 60;

export interface SecurityHeaderOptions {
  production: boolean;
  /** Where browsers POST CSP violation reports (same origin). */
  reportPath: string;
}

export function contentSecurityPolicyDirectives(options: SecurityHeaderOptions): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'connect-src': ["'self'"],
    'font-src': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'worker-src': ["'self'"],
    'report-uri': [options.reportPath],
    'report-to': [REPORT_GROUP],
    ...(options.production ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

function helmetOptions(options: SecurityHeaderOptions) {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicyDirectives(options) },
    frameguard: { action: 'deny' as const },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' as const },
    strictTransportSecurity: options.production ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
  };
}

/** Headers helmet does not set: Permissions-Policy, and the Reporting-Endpoints group `report-to` names. */
function setOtherHeaders(reply: FastifyReply, options: SecurityHeaderOptions): void {
  // On the raw response, like helmet, so a hijacked reply (server-sent events) keeps them too.
  reply.raw.setHeader('permissions-policy', PERMISSIONS_POLICY);
  reply.raw.setHeader('reporting-endpoints', `${REPORT_GROUP}="${options.reportPath}"`);
}

export async function registerSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions): Promise<void> {
  await app.register(fastifyHelmet, { global: true, ...helmetOptions(options) });
  app.addHook('onRequest', async (_request, reply) => setOtherHeaders(reply, options));
  await registerCspReports(app, options.reportPath);
}

/**
 * The same headers for an answer Fastify gives before any hook runs (a malformed URL,
 * an over-long path parameter: `frameworkErrors` in server.ts).
 *
 * @example
 *   frameworkErrors: (error, request, reply) => { frameworkErrorHeaders(security)(reply); sendProblem(…); }
 */
export function frameworkErrorHeaders(options: SecurityHeaderOptions): (reply: FastifyReply) => void {
  const middleware = helmet(helmetOptions(options));
  return (reply) => {
    middleware(reply.request.raw, reply.raw, () => undefined);
    setOtherHeaders(reply, options);
  };
}

/** The CSP `'sha256-…'` source that allows exactly this inline text. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** `policy` with these exact inline stylesheets allowed (their hashes join `style-src`). */
function withStyleHashes(policy: string, styles: string[]): string {
  const hashes = styles.map(cspHash).join(' ');
  return policy.replace(/(^|;)(\s*style-src [^;]*)/, `$1$2 ${hashes}`);
}

/**
 * Lets this reply's page carry inline `<style>` blocks with exactly these texts; any
 * other inline style stays blocked.
 */
export function allowInlineStyles(reply: FastifyReply, ...styles: string[]): void {
  const policy = reply.getHeader('content-security-policy');
  if (typeof policy === 'string') reply.raw.setHeader('content-security-policy', withStyleHashes(policy, styles));
}

/**
 * Swagger UI's top-bar logo is an SVG with a `<style>` of its own
 * (swagger-ui-standalone-preset.js): the one inline style /docs needs. If an upgrade
 * changes it, test/e2e/csp.test.ts reports the violation with the new text's hash.
 */
const SWAGGER_UI_LOGO_STYLE = '.logo_small_svg__cls-2{fill:#fff}.logo_small_svg__cls-3{fill:#85ea2d}';

/** Options for @fastify/swagger-ui: its pages keep our CSP, plus the logo's stylesheet. */
export const swaggerUiCsp = {
  transformStaticCSP: (policy: string) => withStyleHashes(policy, [SWAGGER_UI_LOGO_STYLE]),
};

/** What is worth keeping of one report, each text cut short (a URL may be long). */
function summary(report: unknown): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (!report || typeof report !== 'object') return out;
  const fields = report as Record<string, unknown>;
  const keep: Record<string, string> = {
    'document-uri': 'document',
    documentURL: 'document',
    'violated-directive': 'directive',
    'effective-directive': 'directive',
    effectiveDirective: 'directive',
    'blocked-uri': 'blocked',
    blockedURL: 'blocked',
    'source-file': 'source',
    sourceFile: 'source',
    'line-number': 'line',
    lineNumber: 'line',
    disposition: 'disposition',
  };
  for (const [from, to] of Object.entries(keep)) {
    const value = fields[from];
    if (typeof value === 'number') out[to] = value;
    // Query strings may hold anything; a path is enough to find the offending page.
    else if (typeof value === 'string') out[to] = value.split('?')[0]!.slice(0, 200);
  }
  return out;
}

/**
 * The CSP report sink: browsers POST `application/csp-report` (report-uri) or
 * `application/reports+json` (report-to). It only logs, at most
 * REPORTS_LOGGED_PER_MINUTE a minute, and answers 204; bodies over 16 KB are 413.
 */
async function registerCspReports(app: FastifyInstance, path: string): Promise<void> {
  let windowStart = 0;
  let logged = 0;
  let dropped = 0;
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      ['application/csp-report', 'application/reports+json', 'application/json'],
      { parseAs: 'string', bodyLimit: REPORT_BODY_LIMIT },
      (_request, body, done) => {
        try {
          done(null, JSON.parse(body as string));
        } catch {
          done(null, null);
        }
      },
    );
    // Reports come from browsers, possibly about pages framed elsewhere: never a cross-site refusal.
    scope.post(path, { bodyLimit: REPORT_BODY_LIMIT, config: { crossSite: 'allow' }, schema: { hide: true } }, async (request, reply) => {
      const now = Date.now();
      if (now - windowStart >= 60_000) {
        if (dropped > 0) request.log.warn({ dropped }, 'csp reports not logged (over the per-minute cap)');
        windowStart = now;
        logged = 0;
        dropped = 0;
      }
      const body = request.body as unknown;
      // report-uri sends one `{ "csp-report": {…} }`; report-to a list of `{ type, body }`.
      const reports = Array.isArray(body)
        ? body.slice(0, 10).map((entry: unknown) => (entry && typeof entry === 'object' ? (entry as { body?: unknown }).body : undefined))
        : [body && typeof body === 'object' ? (body as Record<string, unknown>)['csp-report'] : undefined];
      for (const report of reports.map(summary).filter((fields) => Object.keys(fields).length > 0)) {
        if (logged >= REPORTS_LOGGED_PER_MINUTE) dropped++;
        else {
          logged++;
          request.log.warn({ cspViolation: report }, 'content security policy violation');
        }
      }
      return reply.status(204).send();
    });
  });
}
