import { describe, expect, it } from 'vitest';
import { purposeText, reasonOf, type AccessReason } from './purposes.js';

describe('access-log reasons', () => {
  const reasons: AccessReason[] = [
    { code: 'ship_order', orderId: '0193a1b2-0000-7000-8000-000000000001' },
    { code: 'masked_order_view', orderId: '0193a1b2-0000-7000-8000-000000000002', orderStatus: 'completed' },
    { code: 'operator_review', registrationId: '0193a1b2-0000-7000-8000-000000000003' },
    { code: 'provider_review', registrationId: '0193a1b2-0000-7000-8000-000000000004' },
    { code: 'after_sale_return', requestId: '0193a1b2-0000-7000-8000-000000000005' },
    { code: 'chat_report', reportId: '0193a1b2-0000-7000-8000-000000000006' },
    { code: 'chat_dispute', disputeId: '0193a1b2-0000-7000-8000-000000000007' },
    { code: 'staff_request', note: '客服核实 ticket 42' },
  ];
  it('each reason reads back from the sentence it is stored as', () => {
    for (const reason of reasons) expect(reasonOf(purposeText(reason))).toEqual(reason);
  });
  it('rows logged before the codes (the same sentences) read as their reasons; anything else is staff words', () => {
    expect(reasonOf('ship order abc')).toEqual({ code: 'ship_order', orderId: 'abc' });
    expect(reasonOf('masked view of refunded order abc')).toEqual({ code: 'masked_order_view', orderId: 'abc', orderStatus: 'refunded' });
    expect(reasonOf('shipping order abc')).toEqual({ code: 'staff_request', note: 'shipping order abc' });
  });
});
