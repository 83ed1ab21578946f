export { createLedgerService, ledgerErrors, CNY, type LedgerService, type Transfer, type TransferInput, type Balance, type LedgerLine } from './service.js';
export type { AccountCode } from './tables.js';
export { ledgerExport } from './export.js';
export { createEscrow, walletPayer, type Escrow, type EscrowOrder, type EscrowCase, type Payer } from './escrow.js';
export { TransferCodeSchema, AccountCodeSchema, type TransferCode } from './schema.js';
