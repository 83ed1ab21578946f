/**
 * `GET /me/export` and `GET /me/export.zip` (PIPL art. 45; R15): everything Agora
 * holds about the user, in one consistent snapshot, each module contributing its own
 * rows. The zip adds the user's uploaded images. Reading one's own data is no
 * third-party read, so nothing is written to the access log.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { zipSync, strToU8, type Zippable } from 'fflate';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../database.js';
import type { Clock } from '../lib/clock.js';
import { problems } from '../http/schemas.js';
import { accountsExport } from '../modules/accounts/index.js';
import type { AfterSalesService } from '../modules/aftersales/index.js';
import type { ChatGovernanceService } from '../modules/chatgovernance/index.js';
import { auditExport } from '../modules/audit/index.js';
import { bargainExport } from '../modules/bargain/index.js';
import { disputesExport } from '../modules/disputes/index.js';
import { groupBuyExport } from '../modules/groupbuy/index.js';
import { ledgerExport } from '../modules/ledger/index.js';
import type { MarketingService } from '../modules/marketing/index.js';
import type { MediaService } from '../modules/media/index.js';
import { operatorsExport } from '../modules/operators/index.js';
import type { NotificationsService } from '../modules/notifications/index.js';
import { ordersExport } from '../modules/orders/index.js';
import { passkeysExport } from '../modules/passkeys/index.js';
import { paymentsExport } from '../modules/payments/index.js';
import type { ConsentsService, PrivacyService } from '../modules/privacy/index.js';
import { reviewsExport } from '../modules/reviews/index.js';
import { questionsExport } from '../modules/questions/index.js';
import { socialExport } from '../modules/social/index.js';

export const EXPORT_FORMAT = 'agora-export/1' as const;

export function createExportWorkflow(deps: { db: Kysely<DB>; privacy: PrivacyService; consents: ConsentsService; media: MediaService; marketing: MarketingService; notifications: NotificationsService; afterSales: AfterSalesService; chat: Pick<ChatGovernanceService, 'exportOf'>; clock: Clock }) {
  const { db, privacy, consents, media, marketing, clock } = deps;

  async function json(userId: string) {
    return db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (tx) => {
        const { account, sessions, phoneCodes } = await accountsExport.of(tx, userId);
        const vault = await privacy.exportOwn(tx, userId);
        return {
          format: EXPORT_FORMAT,
          exportedAt: clock.now().toISOString(),
          account,
          personalData: vault.personalData.filter((r) => r.kind !== 'address'),
          addresses: vault.personalData.filter((r) => r.kind === 'address').map((r) => ({ id: r.id, ...(r.value as object) })),
          consents: await consents.history(tx, userId),
          accessLog: vault.accessLog,
          staffDecisions: (await auditExport.of(tx, userId)).decisionsAboutMe,
          sessions,
          phoneCodes,
          passkeys: (await passkeysExport.of(tx, userId)).passkeys,
          wallet: await ledgerExport.of(tx, userId),
          payments: await paymentsExport.of(tx, userId),
          orders: await ordersExport.of(tx, userId),
          social: await socialExport.of(tx, userId),
          reviews: await reviewsExport.of(tx, userId),
          questions: await questionsExport.of(tx, userId),
          uploads: await media.uploadsOf(tx, userId),
          groupBuys: await groupBuyExport.of(tx, userId),
          bargains: await bargainExport.of(tx, userId),
          disputes: await disputesExport.of(tx, userId),
          afterSales: await deps.afterSales.exportOfBuyer(tx, userId),
          shops: await operatorsExport.of(tx, userId),
          returnAddresses: await deps.afterSales.exportAddressesOf(tx, userId),
          marketing: await marketing.exportOf(tx, userId),
          notifications: await deps.notifications.exportOf(tx, userId),
          chat: await deps.chat.exportOf(tx, userId),
        };
      });
  }

  return {
    json,

    /** export.json and, under images/, every image the user uploaded. */
    async zip(userId: string): Promise<{ bytes: Buffer; exportedAt: string }> {
      const data = await json(userId);
      const files: Zippable = { 'export.json': strToU8(JSON.stringify(data, null, 2)) };
      for (const upload of data.uploads) {
        const bytes = await media.bytes(upload.key);
        // Images are compressed already: stored, not deflated again.
        if (bytes) files[`images/${upload.key}`] = [bytes, { level: 0 }];
      }
      return { bytes: Buffer.from(zipSync(files)), exportedAt: data.exportedAt };
    },
  };
}

export type ExportWorkflow = ReturnType<typeof createExportWorkflow>;

const Export = Type.Object(
  { format: Type.Literal(EXPORT_FORMAT), exportedAt: Type.String({ format: 'date-time' }), account: Type.Object({}, { additionalProperties: true }) },
  { additionalProperties: true, description: 'Every section: account, personalData, addresses, consents, accessLog, sessions, orders, wallet, social, uploads, afterSales, returnAddresses, chat…' },
);

const filename = (exportedAt: string, extension: string) => `agora-export-${exportedAt.slice(0, 10)}.${extension}`;

export function registerExportRoutes(untyped: FastifyInstance, deps: { exporter: ExportWorkflow }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['privacy'];
  app.get(
    '/me/export',
    { config: { auth: 'user' }, schema: { tags, summary: 'Everything Agora holds about me, as JSON (PIPL art. 45)', response: { 200: Export, ...problems } } },
    async (request, reply) => {
      const data = await deps.exporter.json(request.auth!.userId);
      return reply.header('content-disposition', `attachment; filename="${filename(data.exportedAt, 'json')}"`).send(data);
    },
  );
  app.get(
    '/me/export.zip',
    {
      config: { auth: 'user' },
      schema: { tags, summary: 'The same export as a zip: export.json and my uploaded images', produces: ['application/zip'], response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'application/zip' }), ...problems } },
    },
    async (request, reply) => {
      const { bytes, exportedAt } = await deps.exporter.zip(request.auth!.userId);
      return reply.type('application/zip').header('content-disposition', `attachment; filename="${filename(exportedAt, 'zip')}"`).send(bytes);
    },
  );
}
