/**
 * People never read a code (issue 16 item 11): every value of the enums the web shows —
 * ledger transfer and account kinds, audit actions and targets, access-log reasons and
 * roles, order, dispute and ledger-line states, dispute categories, review appeal reasons and states,
 * after-sales states, kinds, reasons and steps — has words in zh-CN
 * AND English. Driven from the server's OpenAPI document (the source of
 * web/src/api/schema.gen.ts): each web list (made with api/enums.ts `everyValue`, so the
 * typecheck already ties it to the generated union) must hold exactly the document's
 * values, and each value must have a non-empty label in both languages that is not the
 * code itself. A code the server adds without words fails here. No browser, no DOM.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../scripts/gen-api.js';
import { webTexts } from './support/web-texts.js';

/** The web's modules, loaded by path: the web compiles under its own tsconfig, not the server's. */
const web = async <T>(file: string): Promise<T> => (await import(new URL(`../web/src/${file}`, import.meta.url).href)) as T;
type Lists = Record<string, readonly string[]>;

type Schema = { enum?: string[]; const?: string; anyOf?: Schema[]; properties?: Record<string, Schema>; items?: Schema };
type Document = { paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, { schema: Schema }> }> } }> };

/** The literal values a schema allows: `enum`, `const`, or a union of either. */
function literals(schema: Schema): string[] {
  if (schema.enum) return schema.enum;
  if (schema.const !== undefined) return [schema.const];
  return (schema.anyOf ?? []).flatMap(literals);
}

/** The schema at `steps` (property names, `[]` for an array's items) of GET `path`'s 200 response. */
function schemaAt(doc: Document, path: string, steps: string[]): Schema {
  let schema = doc.paths[`/api/v1${path}`]?.get?.responses['200']?.content?.['application/json']?.schema;
  for (const step of steps) schema = step === '[]' ? schema?.items : schema?.properties?.[step];
  if (!schema) throw new Error(`no schema at GET ${path} ${steps.join('.')}`);
  return schema;
}

function label(messages: unknown, key: string): unknown {
  // Keys may hold dots themselves (`reports.summary.read`): the prefix names the section, the value the leaf.
  return key.split('|').reduce<unknown>((node, part, i, parts) => {
    if (node === undefined || node === null || typeof node !== 'object') return undefined;
    const record = node as Record<string, unknown>;
    return i === parts.length - 1 ? record[part] : part.split('.').reduce<unknown>((inner, p) => (inner as Record<string, unknown> | undefined)?.[p], record);
  }, messages);
}

/** Each enum: where the API document has it, the web's list of it, and where its words are (section|value). */
const enums = (l: Lists): { name: string; path: string; steps: string[]; list: readonly string[]; keys: string[] }[] => [
  { name: 'ledger transfer kinds', path: '/admin/disputes/{id}/case', steps: ['ledger', '[]', 'code'], list: l.TRANSFER_CODES!, keys: ['wallet.codes', 'wallet.explain'] },
  { name: 'ledger transfer kinds (wallet)', path: '/wallet/transfers', steps: ['items', '[]', 'code'], list: l.TRANSFER_CODES!, keys: ['wallet.codes'] },
  { name: 'ledger accounts (from)', path: '/admin/disputes/{id}/case', steps: ['ledger', '[]', 'debitAccount'], list: l.ACCOUNT_CODES!, keys: ['wallet.accounts'] },
  { name: 'ledger accounts (to)', path: '/admin/disputes/{id}/case', steps: ['ledger', '[]', 'creditAccount'], list: l.ACCOUNT_CODES!, keys: ['wallet.accounts'] },
  { name: 'ledger line states', path: '/admin/disputes/{id}/case', steps: ['ledger', '[]', 'status'], list: ['pending', 'posted', 'voided'], keys: ['disputes.admin.lineStatus'] },
  { name: 'audit actions', path: '/admin/audit-log', steps: ['items', '[]', 'action'], list: l.AUDIT_ACTIONS!, keys: ['oversight.audit.actions'] },
  { name: 'audit targets', path: '/admin/audit-log', steps: ['items', '[]', 'targetType'], list: l.AUDIT_TARGETS!, keys: ['oversight.audit.targets'] },
  { name: 'access-log reasons', path: '/me/access-log', steps: ['items', '[]', 'reason', 'code'], list: l.ACCESS_REASONS!, keys: ['privacyCentre.accessLog.reasons'] },
  { name: 'access-log fields', path: '/me/access-log', steps: ['items', '[]', 'fields', '[]'], list: l.PERSONAL_FIELDS!, keys: ['privacyCentre.accessLog.fields'] },
  { name: 'access-log readers', path: '/me/access-log', steps: ['items', '[]', 'actorRole'], list: ['operator', 'admin', 'service_provider', 'regulator', 'user'], keys: ['privacyCentre.accessLog.roles'] },
  { name: 'order states', path: '/orders/{id}', steps: ['status'], list: l.ORDER_STATUSES!, keys: ['orders.status'] },
  { name: 'dispute states', path: '/disputes/{id}', steps: ['status'], list: l.DISPUTE_STATUSES!, keys: ['disputes.statuses'] },
  { name: 'parcel events', path: '/orders/{id}/tracking', steps: ['events', '[]', 'kind'], list: l.TRACKING_KINDS!, keys: ['tracking.kinds'] },
  { name: 'dispute categories', path: '/disputes/{id}', steps: ['category'], list: l.DISPUTE_CATEGORIES!, keys: ['disputes.categories'] },
  { name: 'review appeal reasons', path: '/admin/review-appeals', steps: ['items', '[]', 'reason'], list: l.APPEAL_REASONS!, keys: ['reviews.reasons'] },
  { name: 'review appeal states', path: '/admin/review-appeals', steps: ['items', '[]', 'status'], list: l.APPEAL_STATUSES!, keys: ['reviews.admin.statuses', 'reviews.shop.appealStatus'] },
  { name: 'after-sales states', path: '/after-sales/{id}', steps: ['status'], list: l.AFTER_SALE_STATUSES!, keys: ['afterSales.statuses'] },
  { name: 'after-sales kinds', path: '/after-sales/{id}', steps: ['type'], list: l.AFTER_SALE_TYPES!, keys: ['afterSales.types', 'afterSales.typeHints'] },
  { name: 'after-sales reasons', path: '/after-sales/{id}', steps: ['reason'], list: l.AFTER_SALE_REASONS!, keys: ['afterSales.reasons'] },
  { name: 'after-sales steps', path: '/after-sales/{id}', steps: ['timeline', '[]', 'type'], list: l.AFTER_SALE_EVENTS!, keys: ['afterSales.request.events'] },
  { name: 'after-sales states (shop console)', path: '/after-sales/{id}', steps: ['status'], list: l.AFTER_SALE_STATUSES!, keys: ['shop.afterSales.statuses'] },
  { name: 'after-sales types (shop console)', path: '/after-sales/{id}', steps: ['type'], list: l.AFTER_SALE_TYPES!, keys: ['shop.afterSales.types'] },
  { name: 'after-sales reasons (shop console)', path: '/after-sales/{id}', steps: ['reason'], list: l.AFTER_SALE_REASONS!, keys: ['shop.afterSales.reasons'] },
  { name: 'shop roles (staff page)', path: '/operators/{id}/staff', steps: ['items', '[]', 'role'], list: l.SHOP_ROLES!, keys: ['shop.staff.roles'] },
  { name: 'chat report reasons (report dialog)', path: '/admin/chat-reports', steps: ['items', '[]', 'reason'], list: l.CHAT_REPORT_REASONS!, keys: ['chat.report.reasons'] },
  { name: 'after-sales timeline steps (shop console)', path: '/after-sales/{id}', steps: ['timeline', '[]', 'type'], list: l.AFTER_SALE_EVENTS!, keys: ['shop.afterSales.events'] },
];

describe('every code people see has words in zh-CN and English', () => {
  let doc: Document;
  let zhCN: unknown;
  let en: unknown;
  let lists: Lists;
  beforeAll(async () => {
    doc = (await openApiDocument()) as unknown as Document;
    ({ zhCN, en } = await webTexts());
    const modules = await Promise.all(['features/wallet/ledger.ts', 'features/admin/api.ts', 'features/account/privacy.ts', 'features/orders/api.ts', 'features/orders/tracking.ts', 'features/disputes/api.ts', 'features/reviews/api.ts', 'features/aftersales/api.ts', 'features/shop/staff.ts', 'features/chat/api.ts'].map((file) => web<Lists>(file)));
    lists = Object.assign({}, ...modules) as Lists;
  }, 120_000);

  // The names only; the lists load in beforeAll.
  for (const { name } of enums({})) {
    it(`${name}: the web lists exactly the API's values, each labelled in both languages`, () => {
      const e = enums(lists).find((candidate) => candidate.name === name)!;
      const served = literals(schemaAt(doc, e.path, e.steps));
      expect(served.length, `GET ${e.path} documents no values for ${e.steps.join('.')}`).toBeGreaterThan(0);
      expect([...e.list].sort()).toEqual([...served].sort());
      const missing: string[] = [];
      for (const value of served) {
        for (const section of e.keys) {
          for (const [language, messages] of [['zh-CN', zhCN], ['en', en]] as const) {
            const words = label(messages, `${section}|${value}`);
            if (typeof words !== 'string' || words.trim() === '' || words === value) missing.push(`${language} ${section}.${value}`);
          }
        }
      }
      expect(missing, 'labels missing (add them to the feature locales)').toEqual([]);
    });
  }

  it('the checker itself notices a missing label', () => {
    expect(label(zhCN, 'wallet.codes|order_receipt')).toBe('订单确认收货');
    expect(label(en, 'oversight.audit.actions|reports.summary.read')).toBe('Read the reports');
    expect(label(en, 'wallet.codes|no_such_code')).toBeUndefined();
  });
});
