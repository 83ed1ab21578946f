/**
 * A shop's staff (issue 18 item 3): the owner adds people by phone to answer the shop's
 * conversations. Staff may use the shop's conversations and quick replies only, never
 * its orders, money, products or deposit: those routes keep asking for the owner
 * (ownership.ts), so a staff member gets the same 404 as a stranger there. Adding and
 * removing staff is audited, since it opens buyers' chats to another person (D3).
 *
 * @example
 *   const staff = createShopStaffService({ db, accounts, notifications, audit, clock });
 *   await staff.add(ownerId, operatorId, '13800138000'); // 404 STAFF_USER_NOT_FOUND if no such verified phone
 *   const { items } = await staff.list(ownerId, operatorId);
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database.js';
import type { Clock } from '../../lib/clock.js';
import { notFound } from '../../lib/errors.js';
import type { AccountsService } from '../accounts/index.js';
import type { AuditService } from '../audit/index.js';
import type { NotificationsService } from '../notifications/index.js';
import { operatorsErrors as errors } from './errors.js';
import { ownedOperator } from './ownership.js';
import { staffRepo } from './staff-repo.js';
import type { ShopRole } from './tables.js';

/** The most staff a shop may have besides its owner. */
export const MAX_SHOP_STAFF = 20;

export interface StaffMemberView {
  userId: string;
  displayName: string;
  phoneMasked: string;
  role: ShopRole;
  addedAt: string;
}

export interface MyShopView {
  operatorId: string;
  shopName: string;
  status: 'pending' | 'approved' | 'rejected';
  role: ShopRole;
}

export interface ShopStaffDeps {
  db: Kysely<DB>;
  accounts: AccountsService;
  notifications: NotificationsService;
  audit: AuditService;
  clock: Clock;
}

export function createShopStaffService(deps: ShopStaffDeps) {
  const { db, accounts, notifications, audit, clock } = deps;

  return {
    /** The owner's list: the owner first, then staff as they were added. */
    async list(ownerId: string, operatorId: string): Promise<{ items: StaffMemberView[] }> {
      await ownedOperator(db, ownerId, operatorId);
      const members = await staffRepo.members(db, operatorId);
      const cards = await accounts.staffCards(db, members.map((m) => m.user_id));
      return {
        items: members.map((m) => {
          const card = cards.get(m.user_id);
          return { userId: m.user_id, displayName: card?.displayName ?? '', phoneMasked: card?.phoneMasked ?? '', role: m.role, addedAt: m.created_at.toISOString() };
        }),
      };
    },

    /**
     * Adds the registered user who verified `phone`. The shop row is locked, so two adds
     * cannot both pass the count of MAX_SHOP_STAFF.
     */
    async add(ownerId: string, operatorId: string, phone: string): Promise<StaffMemberView> {
      return db.transaction().execute(async (tx) => {
        const shop = await ownedOperator(tx, ownerId, operatorId, { forUpdate: true });
        const userId = await accounts.verifiedUserByPhone(tx, phone);
        if (!userId) throw errors.staffUserNotFound();
        if ((await staffRepo.members(tx, operatorId)).some((m) => m.user_id === userId)) throw errors.alreadyMember();
        if ((await staffRepo.staffCount(tx, operatorId)) >= MAX_SHOP_STAFF) throw errors.staffLimit(MAX_SHOP_STAFF);
        const now = clock.now();
        if (!(await staffRepo.insertStaff(tx, { operator_id: operatorId, user_id: userId, added_by: ownerId, created_at: now }))) throw errors.alreadyMember();
        await audit.record(tx, { actorId: ownerId, actorRole: 'operator', action: 'shop_staff.add', targetType: 'operator', targetId: operatorId, detail: { userId } });
        await notifications.notify(tx, {
          userId,
          kind: 'shop_staff.added',
          title: '你已成为店铺客服',
          body: `「${shop.shop_name}」邀请你回复买家消息`,
          link: '/shop/inbox',
        });
        const card = (await accounts.staffCards(tx, [userId])).get(userId);
        return { userId, displayName: card?.displayName ?? '', phoneMasked: card?.phoneMasked ?? '', role: 'staff', addedAt: now.toISOString() };
      });
    },

    /** Never the owner; an unknown member is NOT_FOUND. */
    async remove(ownerId: string, operatorId: string, userId: string): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const shop = await ownedOperator(tx, ownerId, operatorId, { forUpdate: true });
        if (shop.owner_id === userId) throw errors.ownerNotRemovable();
        if (!(await staffRepo.deleteStaff(tx, operatorId, userId))) throw notFound('staff member');
        await audit.record(tx, { actorId: ownerId, actorRole: 'operator', action: 'shop_staff.remove', targetType: 'operator', targetId: operatorId, detail: { userId } });
      });
    },

    /** GET /me/shops: the shops this user serves and as what, so the web shows the inbox to staff too. */
    async shopsOf(userId: string): Promise<{ items: MyShopView[] }> {
      const rows = await staffRepo.shopsOf(db, userId);
      return { items: rows.map((r) => ({ operatorId: r.id, shopName: r.shop_name, status: r.status, role: r.role })) };
    },
  };
}

export type ShopStaffService = ReturnType<typeof createShopStaffService>;
