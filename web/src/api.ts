/**
 * The web app's calls to the Agora API, typed by the server's own OpenAPI document
 * through `api/client.ts` (openapi-fetch over `api/schema.gen.ts`). The types below are
 * named views of that document, not shapes written here: a field the server does not
 * send is a type error in the page that reads it.
 *
 * Failures are thrown as `ApiError`, whose `code` (e.g. `PIN_LOCKED`) is what the UI branches on.
 *
 * @example
 *   try { await api.verifyIdentity({ realName, idNumber }) }
 *   catch (e) { if (e instanceof ApiError && e.code === 'UNDERAGE') … }
 */

import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import { call, client, idempotent, type BodyOf, type ItemOf, type QueryOf, type ResponseOf } from './api/client';

export { API_BASE, ApiError, call, client, idempotent, querySerializer, type BodyOf, type FieldProblem, type ItemOf, type Problem, type QueryOf, type ResponseOf } from './api/client';

/** GET /me (API.md "Accounts and identity"). */
export type Me = ResponseOf<'/me'>;

/** A page of a list (API.md "Conventions"). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** An operator as its owner and admins see it. */
export type Operator = ResponseOf<'/operators/{id}/manage'>['operator'];
export type OperatorKind = Operator['kind'];
export type ReviewStatus = Operator['status'];
/** R1: what the storefront must show, and nothing more. */
export type Disclosure = Operator['disclosure'];
export type Closure = NonNullable<Operator['closure']>;

/** GET /operators/:id: the public storefront. */
export type Storefront = ResponseOf<'/operators/{id}'>;

export type ServiceProvider = ResponseOf<'/me/registrations'>['serviceProviders'][number];
export type ServiceKind = ServiceProvider['service'];

export type OperatorInput = BodyOf<'/operators'>;
export type Contact = OperatorInput['contact'];
export type Address = OperatorInput['address'];
export type ServiceProviderInput = BodyOf<'/service-providers'>;

/** One operator in the admin review queue; the identity number arrives masked (110105********002X). */
export type OperatorReview = ItemOf<ResponseOf<'/admin/operators'>>;
export type Applicant = OperatorReview['applicant'];
export type ServiceProviderReview = ItemOf<ResponseOf<'/admin/service-providers'>>;

export type DepositStatus = ResponseOf<'/operators/{id}/deposit'>;
export type DepositRule = ResponseOf<'/deposit-rule'>;

/** GET /wallet: spendable balance, money held in escrow and R12 rewards on their way in, in fen. */
export type Wallet = ResponseOf<'/wallet'>;
/** One line of GET /wallet/transfers, from the wallet's side (amount: positive in, negative out). */
export type WalletLine = ItemOf<ResponseOf<'/wallet/transfers'>>;
/** Why money moved: every ledger transfer code the server knows. */
export type TransferCode = WalletLine['code'];
export type TopUp = ResponseOf<'/wallet/top-ups/{id}'>['topUp'];
export type Withdrawal = ResponseOf<'/wallet/withdrawals', 'post'>['withdrawal'];

export type Category = ResponseOf<'/categories'>[number];
export type ReturnClass = Category['returnClass'];
export type Product = ResponseOf<'/products/{id}'>;
export type Sku = Product['skus'][number];
export type AddOn = Product['addOns'][number];
export type ProductSummary = ItemOf<ResponseOf<'/products'>>;
export type ProductInput = BodyOf<'/operators/{id}/products'>;
/** Present `id`: keep and change this SKU; absent: a new one (PATCH). */
export type SkuInput = NonNullable<BodyOf<'/products/{id}', 'patch'>['skus']>[number];
export type AddOnInput = NonNullable<BodyOf<'/products/{id}', 'patch'>['addOns']>[number];
export type ProductQuery = QueryOf<'/products'>;

/** POST /uploads. */
export type Upload = ResponseOf<'/uploads', 'post'>;

/** An address-book entry (GET/POST /me/addresses). */
export type ShippingAddress = ItemOf<ResponseOf<'/me/addresses'>>;

export type Order = ResponseOf<'/orders/{id}'>;
export type OrderStatus = Order['status'];
export type OrderItem = Order['items'][number];
export type OrderEvent = Order['timeline'][number];

/** A passkey registered as the payment step-up (GET /me/passkeys). */
export type Passkey = ItemOf<ResponseOf<'/me/passkeys'>>;

/** What POST /orders/:id/pay takes: the PIN and, at or above the step-up threshold, one second factor. */
export type PayInput = BodyOf<'/orders/{id}/pay'>;
export type CheckoutInput = BodyOf<'/orders'>;
export type Shipment = BodyOf<'/orders/{id}/ship'>;

/** Path parameters of a call: `{ params: { path: { id } } }`. */
export const at = <P extends Record<string, string>>(path: P) => ({ params: { path } });
const byId = (id: string) => at({ id });

export const api = {
  register: (input: BodyOf<'/auth/register'>) => call(client.POST('/auth/register', { body: input })),
  login: (input: BodyOf<'/auth/login'>) => call(client.POST('/auth/login', { body: input })),
  logout: () => call(client.POST('/auth/logout')),
  me: () => call(client.GET('/me')),
  sendPhoneCode: () => call(client.POST('/me/phone/code')),
  verifyPhone: (code: string) => call(client.POST('/me/phone/verify', { body: { code } })),
  verifyIdentity: (input: BodyOf<'/me/identity'>) => call(client.POST('/me/identity', { body: input })),
  setPaymentPin: (input: BodyOf<'/me/payment-pin', 'put'>) => call(client.PUT('/me/payment-pin', { body: input })),
  startTotp: () => call(client.POST('/me/totp')),
  verifyTotp: (code: string) => call(client.POST('/me/totp/verify', { body: { code } })),
  passkeys: () => call(client.GET('/me/passkeys')),
  passkeyCreationOptions: () => call(client.POST('/me/passkeys/options')) as Promise<unknown> as Promise<PublicKeyCredentialCreationOptionsJSON>,
  registerPasskey: (input: BodyOf<'/me/passkeys'>) => call(client.POST('/me/passkeys', { body: input })),
  removePasskey: (passkeyId: string) => call(client.DELETE('/me/passkeys/{id}', byId(passkeyId))),

  // Operators and service providers (API.md).
  registrations: () => call(client.GET('/me/registrations')),
  registerOperator: (input: OperatorInput) => call(client.POST('/operators', { body: input })),
  storefront: (operatorId: string) => call(client.GET('/operators/{id}', byId(operatorId))),
  manageOperator: (operatorId: string) => call(client.GET('/operators/{id}/manage', byId(operatorId))),
  announceClosure: (operatorId: string, effectiveAt: string) => call(client.POST('/operators/{id}/closure', { ...byId(operatorId), body: { effectiveAt } })),
  deposit: (operatorId: string) => call(client.GET('/operators/{id}/deposit', byId(operatorId))),
  /** Pay toward the shop's deposit from the owner's wallet. */
  payDeposit: (operatorId: string, amount: number, idempotencyKey: string) =>
    call(client.POST('/operators/{id}/deposit', { ...byId(operatorId), body: { amount }, ...idempotent(idempotencyKey) })),
  depositRule: () => call(client.GET('/deposit-rule')),
  registerServiceProvider: (input: ServiceProviderInput) => call(client.POST('/service-providers', { body: input })),

  // Admin review (admin role only).
  operatorQueue: (params: QueryOf<'/admin/operators'>) => call(client.GET('/admin/operators', { params: { query: params } })),
  approveOperator: (operatorId: string) => call(client.POST('/admin/operators/{id}/approve', byId(operatorId))),
  rejectOperator: (operatorId: string, reason: string) => call(client.POST('/admin/operators/{id}/reject', { ...byId(operatorId), body: { reason } })),
  reverifyOperator: (operatorId: string) => call(client.POST('/admin/operators/{id}/reverify', byId(operatorId))),
  serviceProviderQueue: (params: QueryOf<'/admin/service-providers'>) => call(client.GET('/admin/service-providers', { params: { query: params } })),
  approveServiceProvider: (providerId: string) => call(client.POST('/admin/service-providers/{id}/approve', byId(providerId))),
  rejectServiceProvider: (providerId: string, reason: string) =>
    call(client.POST('/admin/service-providers/{id}/reject', { ...byId(providerId), body: { reason } })),

  // Wallet (API.md "Wallet"). Amounts are fen.
  wallet: () => call(client.GET('/wallet')),
  walletLines: (params: QueryOf<'/wallet/transfers'>) => call(client.GET('/wallet/transfers', { params: { query: params } })),
  createTopUp: (amount: number, idempotencyKey: string) => call(client.POST('/wallet/top-ups', { body: { amount }, ...idempotent(idempotencyKey) })),
  topUp: (topUpId: string) => call(client.GET('/wallet/top-ups/{id}', byId(topUpId))),
  /** Sandbox only: the sandbox payment provider pays the top-up (it calls Agora's signed webhook). */
  completeSandboxTopUp: (topUpId: string) => call(client.POST('/sandbox/top-ups/{id}/complete', byId(topUpId))),
  withdraw: (input: BodyOf<'/wallet/withdrawals'>, idempotencyKey: string) =>
    call(client.POST('/wallet/withdrawals', { body: input, ...idempotent(idempotencyKey) })),

  // Catalog.
  categories: () => call(client.GET('/categories')),
  products: (params: ProductQuery) => call(client.GET('/products', { params: { query: params } })),
  product: (productId: string) => call(client.GET('/products/{id}', byId(productId))),
  createProduct: (operatorId: string, input: ProductInput) => call(client.POST('/operators/{id}/products', { ...byId(operatorId), body: input })),
  updateProduct: (productId: string, input: BodyOf<'/products/{id}', 'patch'>) => call(client.PATCH('/products/{id}', { ...byId(productId), body: input })),

  // Addresses and orders (API.md "Orders"). Every money POST carries an Idempotency-Key.
  addresses: () => call(client.GET('/me/addresses')),
  addAddress: (input: BodyOf<'/me/addresses'>, idempotencyKey: string) => call(client.POST('/me/addresses', { body: input, ...idempotent(idempotencyKey) })),
  checkout: (input: CheckoutInput, idempotencyKey: string) => call(client.POST('/orders', { body: input, ...idempotent(idempotencyKey) })),
  orders: (params: QueryOf<'/orders'>) => call(client.GET('/orders', { params: { query: params } })),
  order: (orderId: string) => call(client.GET('/orders/{id}', byId(orderId))),
  payOrder: (orderId: string, input: PayInput, idempotencyKey: string) =>
    call(client.POST('/orders/{id}/pay', { ...byId(orderId), body: input, ...idempotent(idempotencyKey) })),
  /** D4 step-up: a challenge bound to this order and its amount, good once for five minutes. */
  paymentPasskeyOptions: (orderId: string) => call(client.POST('/orders/{id}/pay/passkey-options', byId(orderId))) as Promise<unknown> as Promise<PublicKeyCredentialRequestOptionsJSON>,
  cancelOrder: (orderId: string, idempotencyKey: string) => call(client.POST('/orders/{id}/cancel', { ...byId(orderId), ...idempotent(idempotencyKey) })),
  confirmReceipt: (orderId: string, idempotencyKey: string) => call(client.POST('/orders/{id}/confirm-receipt', { ...byId(orderId), ...idempotent(idempotencyKey) })),
  returnOrder: (orderId: string, input: BodyOf<'/orders/{id}/return'>, idempotencyKey: string) =>
    call(client.POST('/orders/{id}/return', { ...byId(orderId), body: input, ...idempotent(idempotencyKey) })),
  operatorOrders: (operatorId: string, params: QueryOf<'/operators/{id}/orders'>) =>
    call(client.GET('/operators/{id}/orders', { params: { path: { id: operatorId }, query: params } })),
  shipOrder: (orderId: string, input: Shipment, idempotencyKey: string) =>
    call(client.POST('/orders/{id}/ship', { ...byId(orderId), body: input, ...idempotent(idempotencyKey) })),
  shippingAddress: (orderId: string) => call(client.GET('/orders/{id}/shipping-address', byId(orderId))),
  returnReceived: (orderId: string, idempotencyKey: string) =>
    call(client.POST('/orders/{id}/return/received', { ...byId(orderId), ...idempotent(idempotencyKey) })),

  /** POST /uploads: one image as multipart field `file` (the browser sets the boundary). */
  upload: (file: Blob, filename: string) => {
    const form = new FormData();
    form.append('file', file, filename);
    // The document has no JSON body for it: the form goes as it is.
    return call(client.POST('/uploads', { body: form as never, bodySerializer: () => form }));
  },
};
