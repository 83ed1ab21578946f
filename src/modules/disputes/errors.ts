import { AppError, validationFailed } from '../../lib/errors.js';

const stateConflict = (detail: string) => new AppError('conflict', 'DISPUTE_STATE_CONFLICT', detail);

/** The disputes module's coded errors (API.md "Disputes"). */
export const disputesErrors = {
  alreadyOpen: (disputeId: string) => new AppError('conflict', 'DISPUTE_ALREADY_OPEN', 'This order already has an open dispute', { extra: { disputeId } }),
  orderNotDisputable: (status: string) => new AppError('conflict', 'ORDER_NOT_DISPUTABLE', `An order that is ${status} cannot be disputed`),
  refundOverPaid: (paid: number, path = '/body/claim/refund') => validationFailed([{ path, message: `must not exceed what was paid (${paid} fen)` }]),
  compensationOverPrice: (path = '/body/claim/compensation') =>
    validationFailed([{ path, message: 'only personal_injury and forced_sale may claim compensation beyond the price (refund + compensation ≤ what was paid)' }]),
  wrongState: (action: string, status: string) => stateConflict(`Cannot ${action} a dispute that is ${status}`),
  escalationClosed: () => new AppError('conflict', 'ESCALATION_WINDOW_CLOSED', 'The 7 days to escalate after the operator’s refusal have passed'),
  providerNotApproved: (path = '/body/serviceProviderId') => validationFailed([{ path, message: 'is not an approved service provider' }]),
  providerAlreadyNamed: () => new AppError('conflict', 'DISPUTE_PROVIDER_ALREADY_NAMED', 'This dispute already names another service provider'),
  alreadyAnswered: () => stateConflict('The service provider has already answered'),
  shareOverClaim: (claim: number) => validationFailed([{ path: '/body/share', message: `must not exceed the claim (${claim} fen)` }]),
  shareOnlyForProvider: () => validationFailed([{ path: '/body/share', message: 'only a service provider states a share' }]),
  noProviderToCharge: () => validationFailed([{ path: '/body/providerCompensation', message: 'the dispute names no service provider' }]),
  reasonRequired: () => validationFailed([{ path: '/body/reason', message: 'is required when refusing' }]),
};
