import type { Messages } from '../../../app/locales/zh-CN';

/** English texts of account deletion: the same keys as deletion-zh-CN.ts. */
export const deletionEn: Messages['deletion'] = {
  title: 'Delete account',
  intro: 'Deletion cannot be undone. Read first what is erased and what the law makes us keep.',
  link: 'Delete my account',
  erasedTitle: 'Erased',
  erased: {
    vault: 'Your phone number, real name, identity number and addresses: deleted from the encrypted vault at once; they can no longer be decrypted or recovered, and the phone number can register again.',
    sessions: 'Sessions, passkeys, payment PIN and authenticator: all stop working.',
    nickname: 'Your nickname: replaced by “已注销用户” and four random characters that do not point to you.',
    consents: 'Marketing and sharing consents you gave: withdrawn at once.',
  },
  keptTitle: 'Kept for three years, as the law requires',
  kept: {
    records: 'Orders, wallet lines, refunds and disputes: the E-Commerce Law (art. 31) requires transaction records to be kept at least three years after the transaction completes. Only amounts, products and dates are kept, with the buyer shown by the pseudonym; shipping addresses go with your address book.',
    purge: 'After three years the remaining tracking numbers, timelines and dispute texts are purged automatically; the ledger amounts stay so the books balance.',
    consents: 'The record of your consents (when given, when withdrawn) is kept as evidence for three years, then deleted.',
  },
  contentTitle: 'Your notes, comments, likes, collects and follows',
  content: {
    anonymise: 'Keep them under the pseudonym (default)',
    anonymiseHint: 'Discussions and counts others see stay whole, without your nickname. The words you wrote are not changed.',
    delete: 'Delete them all',
    deleteHint: 'Notes are taken down and emptied; comments, likes, collects and follows are deleted.',
  },
  blockedTitle: 'Deletion is possible once these are resolved',
  blockers: {
    OPEN_ORDERS: '{{count}} order(s) are still open: pay or cancel, confirm receipt, or wait until each completes.',
    OPEN_DISPUTES: 'A dispute is still open: withdraw it or wait for its outcome.',
    OPEN_AFTER_SALES: 'An after-sales request is still open: withdraw it or wait until it is settled.',
    WALLET_NOT_EMPTY: 'Your wallet holds money or money is on its way: withdraw it first, and wait for pending top-ups and rewards.',
    SHOP_OPEN: 'Your shop is open or under review: announce its closure and wait until it takes effect (at least 30 days).',
    SHOP_FUNDS_NOT_EMPTY: 'Your closed shop still holds a deposit or receivables: have the deposit refunded; receivables cannot be paid out online yet, please contact the platform.',
    SERVICE_PROVIDER_ACTIVE: 'You hold a service-provider registration: ask the platform to end it.',
  },
  resolve: 'Resolve',
  password: 'Password',
  passwordHint: 'To confirm it is you, enter your password again.',
  badPassword: 'The password is wrong.',
  confirm: 'I understand: delete my account for good',
  deleting: 'Deleting…',
  doneTitle: 'Account deleted',
  done: 'Your personal information is erased and every device is signed out. What stays is shown as “{{pseudonym}}”.',
  home: 'Back to the home page',
};
