/**
 * Verified users with real sessions, in bulk SQL: minutes through the API (scrypt per
 * user), seconds this way. Each user's bearer token is returned; the session row holds
 * its hash as a login writes it, so the server authenticates it the ordinary way.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../src/context.js';
import type { Executor } from '../src/database.js';
import { newId } from '../src/lib/ids.js';

export interface BulkUser {
  id: string;
  /** Bearer token of the user's session. */
  token: string;
  /** Position in the batch, from 0. */
  index: number;
}

/**
 * `count` users (phone and identity marked verified) named `name(i)`, a thousand per
 * transaction; `alongside` adds more rows for each chunk in the same transaction.
 */
export async function bulkUsers(ctx: AppContext, count: number, name: (i: number) => string, alongside?: (tx: Executor, chunk: BulkUser[]) => Promise<void>): Promise<BulkUser[]> {
  const now = new Date();
  const users: BulkUser[] = Array.from({ length: count }, (_, index) => ({ id: newId(), token: randomBytes(32).toString('base64url'), index }));
  for (let i = 0; i < count; i += 1000) {
    const chunk = users.slice(i, i + 1000);
    await ctx.database.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('users')
        .values(chunk.map((u) => ({ id: u.id, display_name: name(u.index), phone_masked: '138****0000', password_hash: 'bench: no password login', phone_verified_at: now, identity_verified_at: now, created_at: now })))
        .execute();
      await tx
        .insertInto('sessions')
        .values(chunk.map((u) => ({ id: newId(), token_hash: createHash('sha256').update(u.token).digest('base64url'), user_id: u.id, created_at: now, last_seen_at: now, expires_at: new Date(now.getTime() + 7 * 86_400_000) })))
        .execute();
      await alongside?.(tx, chunk);
    });
  }
  return users;
}
