import type { Kysely } from 'kysely';

/**
 * Sign-up proves the phone (issue 16): a code can now be sent before its account exists.
 * Such a code names no user yet, only the phone's keyed lookup hash (the privacy vault's
 * HMAC, never the number itself); the account it creates adopts it (`user_id` set then),
 * so the code shows in that user's export and goes at erasure like the others.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('phone_codes').alterColumn('user_id', (c) => c.dropNotNull()).execute();
  await db.schema.alterTable('phone_codes').addColumn('phone_key', 'text').execute();
  await db.schema.createIndex('phone_codes_phone_key_idx').on('phone_codes').columns(['phone_key', 'created_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
