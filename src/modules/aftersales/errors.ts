import { AppError, validationFailed } from '../../lib/errors.js';
import type { Refusal } from './rules.js';

const stateConflict = (detail: string) => new AppError('conflict', 'AFTER_SALE_STATE_CONFLICT', detail);

/** The after-sales module's coded errors (API.md "Reviews, tracking, after-sales"). */
export const afterSalesErrors = {
  /** A rule of rules.ts refused the request: its own code, 409, with the sentence to tell the buyer. */
  refused: (r: Refusal) => new AppError('conflict', r.code, r.detail, 'blocked' in r ? { extra: { blocked: r.blocked } } : {}),
  alreadyOpen: (requestId: string) => new AppError('conflict', 'AFTER_SALE_ALREADY_OPEN', 'An item of this order already has an open after-sales request', { extra: { requestId } }),
  disputeOpen: (disputeId: string) => new AppError('conflict', 'DISPUTE_OPEN', 'This order has an open dispute; the dispute settles what is refunded', { extra: { disputeId } }),
  amountOverRefundable: (refundable: number) => new AppError('unprocessable', 'AMOUNT_OVER_REFUNDABLE', `At most ${refundable} fen is still refundable`, { extra: { refundable }, errors: [{ path: '/body/amount', message: `must not exceed ${refundable} fen` }] }),
  nothingRefundable: () => new AppError('conflict', 'NOTHING_REFUNDABLE', 'Everything paid for this order has already been refunded'),
  amountOnlyForRefund: () => validationFailed([{ path: '/body/amount', message: 'only a refund_only request states an amount; a return refunds what the items cost' }]),
  unknownItem: (index: number) => validationFailed([{ path: `/body/itemIds/${index}`, message: 'is not an item of this order' }]),
  feeNotAllowed: () => new AppError('unprocessable', 'RETURN_FEE_NOT_ALLOWED', 'Return postage is refunded only when the return is the shop’s fault (quality problem, damaged, wrong item…)', { errors: [{ path: '/body/returnShippingFee', message: 'only for a return that is the shop’s fault' }] }),
  wrongState: (action: string, status: string) => stateConflict(`Cannot ${action} a request that is ${status}`),
  notReturnType: () => stateConflict('A refund-only request has no return shipment'),
  notExchange: () => stateConflict('Only an exchange ships a replacement'),
  noReturnAddress: () => new AppError('conflict', 'NO_RETURN_ADDRESS', 'Add a return address before approving a return (POST /operators/:id/return-addresses)'),
  unknownReturnAddress: () => validationFailed([{ path: '/body/returnAddressId', message: 'is not one of this shop’s return addresses' }]),
  escalationNotYet: () => new AppError('conflict', 'ESCALATION_NOT_YET', 'A request can be escalated once it is refused, or when the other side is past its deadline'),
  escalationClosed: () => new AppError('conflict', 'ESCALATION_WINDOW_CLOSED', 'The 7 days to escalate after the shop’s refusal have passed'),
  lastDefault: () => new AppError('conflict', 'RETURN_ADDRESS_DEFAULT', 'Make another address the default before removing this one'),
  addressInUse: () => new AppError('conflict', 'RETURN_ADDRESS_IN_USE', 'An open return is being sent to this address'),
};
