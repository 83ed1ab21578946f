export {
  createOperatorsService,
  disclosureOf,
  maskIdNumber,
  type OperatorsService,
  type OperatorView,
  type SellingStatus,
  type StorefrontView,
  REVERIFY_GRACE_MS,
  CLOSURE_NOTICE_MS,
} from './service.js';
export { registerOperatorsRoutes, registerRegulatorRoutes } from './routes.js';
export { REGISTER_COLUMNS } from './register-csv.js';
export { normaliseCreditCode, creditCodeCheckCharacter, CREDIT_CODE_CHARSET } from './credit-code.js';
export { DEPOSIT_RULE, requiredDeposit } from './deposit-rule.js';
export { DepositRule, DepositStatus } from './schema.js';
export { operatorsExport } from './export.js';
export { shopNames } from './shop-names.js';
