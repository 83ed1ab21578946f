/** TypeBox shapes of a shop's staff and of GET /me/shops (issue 18 item 3). */
import { Type } from 'typebox';
import { Body } from '../../http/schemas.js';
import { PHONE_PATTERN } from '../../lib/phone.js';
import { Status } from './schema.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });

export const ShopRole = Type.Union([Type.Literal('owner'), Type.Literal('staff')], {
  description: 'owner: the registered operator, everything; staff: the shop’s conversations and quick replies only',
});

export const StaffParams = Type.Object({ id: Id, userId: Id }, { additionalProperties: false });

export const StaffBody = Body({
  phone: Type.String({ maxLength: 11, pattern: PHONE_PATTERN, description: 'The phone a registered user verified', examples: ['13800138000'] }),
});

export const StaffMember = Type.Object({
  userId: Type.String(),
  displayName: Type.String(),
  phoneMasked: Type.String({ description: '138****1234: never the full number' }),
  role: ShopRole,
  addedAt: Type.String({ format: 'date-time' }),
});

export const StaffList = Type.Object({ items: Type.Array(StaffMember, { maxItems: 21 }) });
export const StaffResponse = Type.Object({ member: StaffMember });

export const MyShops = Type.Object({
  items: Type.Array(
    Type.Object({
      operatorId: Type.String(),
      shopName: Type.String(),
      status: Status,
      role: ShopRole,
    }),
  ),
});
