import { AppError, validationFailed } from '../../http/errors.js';

/** The disputes module's coded errors (API.md "Disputes"). */
export const disputesErrors = {
  alreadyOpen: (disputeId: string) => new AppError(409, 'DISPUTE_ALREADY_OPEN', 'This order already has an open dispute', { extra: { disputeId } }),
  orderNotDisputable: (status: string) => new AppError(409, 'ORDER_NOT_DISPUTABLE', `An order that is ${status} cannot be disputed`),
  refundOverPaid: (paid: number, path = '/body/claim/refund') => validationFailed([{ path, message: `must not exceed what was paid (${paid} fen)` }]),
  compensationOverPrice: (path = '/body/claim/compensation') =>
    validationFailed([{ path, message: 'only personal_injury and forced_sale may claim compensation beyond the price (refund + compensation ≤ what was paid)' }]),
  wrongState: (action: string, status: string) => new AppError(409, 'DISPUTE_STATE_CONFLICT', `Cannot ${action} a dispute that is ${status}`),
  escalationClosed: () => new AppError(409, 'ESCALATION_WINDOW_CLOSED', 'The 7 days to escalate after the operator’s refusal have passed'),
  reasonRequired: () => validationFailed([{ path: '/body/reason', message: 'is required when refusing' }]),
};
