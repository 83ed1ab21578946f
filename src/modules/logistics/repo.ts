import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../database.js';
import type { LogisticsCredentialsTable, ParcelEventsTable, ParcelsTable, ParcelStatus } from './tables.js';

export type CredentialRow = Selectable<LogisticsCredentialsTable>;
export type ParcelRow = Selectable<ParcelsTable>;
export type ParcelEventRow = Selectable<ParcelEventsTable>;

/** A provider's parcels with this number, the one still on its way first, then the newest. */
const byNumber = (ex: Executor, providerId: string, trackingNumber: string) =>
  ex
    .selectFrom('parcels')
    .selectAll()
    .where('provider_id', '=', providerId)
    .where('tracking_number', '=', trackingNumber)
    .orderBy((eb) => eb.case().when('delivered_at', 'is', null).then(0).else(1).end())
    .orderBy('created_at', 'desc')
    .limit(1);

export const logisticsRepo = {
  async insertCredential(ex: Executor, row: Insertable<LogisticsCredentialsTable>): Promise<boolean> {
    const result = await ex.insertInto('logistics_credentials').values(row).onConflict((oc) => oc.column('key_id').doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  },
  /** Every pair of the provider still without an end gets one (a newer pair was issued). */
  async expireCredentials(ex: Executor, providerId: string, at: Date, exceptKeyId: string): Promise<void> {
    await ex.updateTable('logistics_credentials').set({ expires_at: at }).where('provider_id', '=', providerId).where('key_id', '<>', exceptKeyId).where('expires_at', 'is', null).execute();
  },
  credentialsOf(ex: Executor, providerId: string): Promise<CredentialRow[]> {
    return ex.selectFrom('logistics_credentials').selectAll().where('provider_id', '=', providerId).orderBy('created_at', 'desc').orderBy('key_id', 'desc').execute();
  },
  findCredential(ex: Executor, keyId: string): Promise<CredentialRow | undefined> {
    return ex.selectFrom('logistics_credentials').selectAll().where('key_id', '=', keyId).executeTakeFirst();
  },
  /** Approved logistics providers with a pair that verifies at `now`: the shop's carriers. */
  async carriers(ex: Executor, now: Date): Promise<{ id: string; name: string }[]> {
    return ex
      .selectFrom('service_providers as p')
      .select(['p.id', 'p.company_name as name'])
      .where('p.service', '=', 'logistics')
      .where('p.status', '=', 'approved')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('logistics_credentials as c')
            .select('c.key_id')
            .whereRef('c.provider_id', '=', 'p.id')
            .where((w) => w.or([w('c.expires_at', 'is', null), w('c.expires_at', '>', now)])),
        ),
      )
      .orderBy('p.company_name')
      .orderBy('p.id')
      .limit(200)
      .execute();
  },

  async insertParcel(ex: Executor, row: Insertable<ParcelsTable>): Promise<void> {
    await ex.insertInto('parcels').values(row).execute();
  },
  /** The order's latest parcel. */
  parcelOfOrder(ex: Executor, orderId: string): Promise<ParcelRow | undefined> {
    return ex.selectFrom('parcels').selectAll().where('order_id', '=', orderId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  },
  /** The provider's parcel with this number: the one on its way, else the latest delivered. Locked. */
  parcelByNumberForUpdate: (ex: Executor, providerId: string, trackingNumber: string): Promise<ParcelRow | undefined> => byNumber(ex, providerId, trackingNumber).forUpdate().executeTakeFirst(),
  /** The same parcel without a lock (the sandbox carrier's look-up, the ship form's check). */
  parcelByNumber: (ex: Executor, providerId: string, trackingNumber: string): Promise<ParcelRow | undefined> => byNumber(ex, providerId, trackingNumber).executeTakeFirst(),
  async updateParcel(ex: Executor, id: string, patch: { status: ParcelStatus; delivered_at: Date | null }): Promise<void> {
    await ex.updateTable('parcels').set(patch).where('id', '=', id).execute();
  },
  async deleteParcels(ex: Executor, orderIds: readonly string[]): Promise<void> {
    if (orderIds.length === 0) return;
    const parcels = ex.selectFrom('parcels').select('id').where('order_id', 'in', orderIds);
    await ex.deleteFrom('parcel_events').where('parcel_id', 'in', parcels).execute();
    await ex.deleteFrom('parcels').where('order_id', 'in', orderIds).execute();
  },
  /** false when the provider sent this event id before (a replay). */
  async insertEvent(ex: Executor, row: Insertable<ParcelEventsTable>): Promise<boolean> {
    const result = await ex
      .insertInto('parcel_events')
      .values(row)
      .onConflict((oc) => oc.columns(['provider_id', 'event_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  },
  /** The latest `limit` events, oldest first by when they happened; arrival order breaks ties. */
  async eventsOf(ex: Executor, parcelId: string, limit: number): Promise<ParcelEventRow[]> {
    const rows = await ex.selectFrom('parcel_events').selectAll().where('parcel_id', '=', parcelId).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.reverse();
  },
  /** What the parcel's status is computed from, however many events it has: the first delivery and the latest event. */
  async stateEvents(ex: Executor, parcelId: string): Promise<Pick<ParcelEventRow, 'kind' | 'at'>[]> {
    const delivered = await ex.selectFrom('parcel_events').select(['kind', 'at']).where('parcel_id', '=', parcelId).where('kind', '=', 'delivered').orderBy('at').orderBy('id').limit(1).executeTakeFirst();
    const latest = await ex.selectFrom('parcel_events').select(['kind', 'at']).where('parcel_id', '=', parcelId).orderBy('at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    return [delivered, latest].filter((e) => e !== undefined);
  },
};
