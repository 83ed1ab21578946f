/**
 * Demo data for a new database, so `npm start` opens on something to look at.
 * It grows with each module: an admin, ten users (six identity-verified), two
 * enterprise shops and one individual's shop with 20 products, 42 notes about them,
 * four bargains friends have started cutting, and reviews of a few products.
 */
import type { AppContext } from '../context.js';
import { idCheckCharacter } from '../modules/accounts/index.js';
import { seedBargains } from './seed-bargains.js';
import { DEMO_PIN, seedGroupBuys, seedWallet } from './seed-group-buys.js';
import { seedNotes } from './seed-notes.js';
import { seedReviews } from './seed-reviews.js';
import { seedShops } from './seed-shops.js';
import { DEMO_ADMIN, DEMO_PASSWORD } from './demo-logins.js';

export { DEMO_ADMIN, DEMO_PASSWORD };

const PEOPLE = [
  { name: '张伟', displayName: '小张爱买买买', born: '19900312' },
  { name: '王芳', displayName: '芳芳的好物', born: '19881105' },
  { name: '李娜', displayName: 'Lina 种草机', born: '19950620' },
  { name: '刘洋', displayName: '洋洋测评', born: '19920101' },
  { name: '陈静', displayName: '静静拼团中', born: '19870915' },
  { name: '欧阳·娜娜', displayName: '娜娜 Nana', born: '20000229' },
  { displayName: '砍价小能手' },
  { displayName: 'Tom 在上海' },
  { displayName: '路人甲' },
  { displayName: '新手买家' },
];

export function demoPhone(i: number): string {
  return `139000000${String(i + 1).padStart(2, '0')}`;
}

function demoIdNumber(born: string, i: number): string {
  const first17 = `110105${born}${String(100 + i * 2 + 1).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
}

export interface DemoLogins {
  admin: { phone: string; password: string };
  users: { phone: string; password: string; displayName: string; identityVerified: boolean; shop?: string }[];
  /** The payment PIN of the verified demo users (each has ¥500 of sandbox money). */
  pin: string;
}

export async function seedDemo(ctx: AppContext, admin: { phone: string; password: string }): Promise<DemoLogins> {
  const adminId = await ctx.accounts.ensureAdmin(admin.phone, admin.password);
  const users: DemoLogins['users'] = [];
  const ids: { userId: string; realName?: string; idNumber?: string }[] = [];
  for (const [i, person] of PEOPLE.entries()) {
    const phone = demoPhone(i);
    const user = await ctx.accounts.register({ phone, password: DEMO_PASSWORD, displayName: person.displayName });
    await ctx.accounts.markPhoneVerified(user.id);
    if (person.name && person.born) {
      const idNumber = demoIdNumber(person.born, i);
      // The demo people agreed to the sensitive-information text, as a real user would first (PIPL art. 29).
      await ctx.consents.set(user.id, 'sensitive_identity', true);
      await ctx.accounts.verifyIdentity(user.id, { realName: person.name, idNumber });
      ids.push({ userId: user.id, realName: person.name, idNumber });
    } else {
      ids.push({ userId: user.id });
    }
    users.push({ phone, password: DEMO_PASSWORD, displayName: person.displayName, identityVerified: Boolean(person.name) });
  }
  // Users 4 and 5 run the enterprise shops, user 1 sells on her own as an individual.
  const { shops } = await seedShops(ctx, adminId, {
    glow: ids[3]!,
    bytes: ids[4]!,
    craft: ids[0] as Required<(typeof ids)[number]>,
  });
  users[3]!.shop = shops[0]!.shopName;
  users[4]!.shop = shops[1]!.shopName;
  users[0]!.shop = shops[2]!.shopName;
  await seedNotes(ctx, ids.map((u) => u.userId), { operatorId: shops[0]!.id, ownerId: ids[3]!.userId });
  await seedBargains(ctx, ids.map((u) => u.userId));
  // Users 2, 3 and 6 (verified, no shop of their own) open groups; every verified user can pay at once.
  const payers = [];
  for (const [i, u] of ids.entries()) if (u.realName) payers.push({ userId: u.userId, addressId: await seedWallet(ctx, u.userId, i), ownsShop: [0, 3, 4].includes(i) });
  await seedGroupBuys(ctx, payers.filter((p) => !p.ownsShop));
  await seedReviews(ctx, payers.filter((p) => !p.ownsShop));
  return { admin, users, pin: DEMO_PIN };
}
