/**
 * The web app's client for the Agora API (/api/v1, same origin). The session is the
 * HttpOnly `agora_session` cookie the server sets on login, so nothing here keeps
 * a token: every call just sends the cookie (`credentials: 'include'`).
 *
 * Failures arrive as RFC 9457 problem+json and are thrown as `ApiError`, whose
 * `code` (e.g. `PIN_LOCKED`) is what the UI branches on.
 *
 * @example
 *   try { await api.verifyIdentity({ realName, idNumber }) }
 *   catch (e) { if (e instanceof ApiError && e.code === 'UNDERAGE') … }
 */

import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';

export const API_BASE = '/api/v1';

/** GET /me (API.md "Accounts and identity"). */
export interface Me {
  id: string;
  displayName: string;
  phoneMasked: string;
  phoneVerified: boolean;
  identityVerified: boolean;
  roles: string[];
  paymentPinSet: boolean;
  totpEnabled: boolean;
  createdAt: string;
}

/** A page of a list (API.md "Conventions"). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type OperatorKind = 'enterprise' | 'individual';
export type ReviewStatus = 'pending' | 'approved' | 'rejected';

/** R1: what the storefront must show, and nothing more. */
export interface Disclosure {
  kind: OperatorKind;
  companyName?: string;
  creditCode?: string;
  notice: string;
  noticeEn: string;
}

export interface Closure {
  announcedAt: string;
  effectiveAt: string;
}

/** An operator as its owner and admins see it. */
export interface Operator {
  id: string;
  kind: OperatorKind;
  shopName: string;
  status: ReviewStatus;
  rejectReason: string | null;
  createdAt: string;
  reviewedAt: string | null;
  verifiedAt: string | null;
  reverificationDueAt: string | null;
  salesSuspended: boolean;
  selling: boolean;
  closure: Closure | null;
  disclosure: Disclosure;
}

/** GET /operators/:id: the public storefront. */
export interface Storefront {
  id: string;
  shopName: string;
  kind: OperatorKind;
  status: 'approved' | 'closed';
  selling: boolean;
  disclosure: Disclosure;
  closure: Closure | null;
}

export type ServiceKind = 'logistics' | 'payment' | 'marketing' | 'other';

export interface ServiceProvider {
  id: string;
  companyName: string;
  creditCode: string;
  service: ServiceKind | string;
  status: ReviewStatus;
  rejectReason: string | null;
  createdAt: string;
  reviewedAt: string | null;
}

export interface Contact {
  phone: string;
  email?: string;
}

export interface Address {
  region: string;
  line: string;
}

export interface OperatorInput {
  kind: OperatorKind;
  shopName: string;
  contact: Contact;
  address: Address;
  enterprise?: { companyName: string; creditCode: string; legalRepresentative: string };
  individual?: { realName: string; idNumber: string };
}

export interface ServiceProviderInput {
  companyName: string;
  creditCode: string;
  service: ServiceKind;
  contact: Contact;
  address: Address;
}

export interface Applicant {
  userId: string;
  displayName: string;
}

/** One operator in the admin review queue. */
export interface OperatorReview {
  operator: Operator;
  applicant: Applicant;
  contact: { phone: string; email: string | null };
  address: Address;
  enterprise: { companyName: string; creditCode: string; legalRepresentative: string } | null;
  /** The identity number arrives masked (110105********002X) and is shown as it comes. */
  individual: { realName: string; idNumberMasked: string } | null;
}

export interface ServiceProviderReview {
  serviceProvider: ServiceProvider;
  applicant: Applicant;
  contact: { phone: string; email: string | null };
  address: Address;
}

export interface DepositStatus {
  required: number;
  paid: number;
  balance: number;
  categories: string[];
}

export interface DepositRule {
  currency: 'CNY';
  categories: { id: string; name: string; nameEn: string; deposit: number }[];
  howRequiredIsSet: string;
  howRequiredIsSetEn: string;
  uses: string[];
  usesEn: string[];
  refund: string;
  refundEn: string;
  publishedAt: string;
}

/** GET /wallet: spendable balance and money paid into orders still held in escrow, in fen. */
export interface Wallet {
  balance: number;
  held: number;
  /** On its way in, not yet spendable: R12 referral rewards until their order completes. */
  incoming: number;
}

/** Why money moved (ledger transfer codes); the list grows as modules arrive. */
export type TransferCode = 'top_up' | 'withdrawal' | 'deposit' | 'order_payment' | 'order_settlement' | 'platform_fee' | 'refund';

/** One line of GET /wallet/transfers, from the wallet's side. */
export interface WalletLine {
  id: string;
  code: TransferCode | string;
  /** Fen: positive in, negative out. */
  amount: number;
  state: 'posted' | 'pending' | 'released';
  reference: string | null;
  createdAt: string;
}

export interface TopUp {
  id: string;
  amount: number;
  status: 'pending' | 'succeeded' | 'failed';
  createdAt: string;
  completedAt: string | null;
}

export interface Withdrawal {
  id: string;
  amount: number;
  status: 'completed';
}

export type ReturnClass = 'returnable' | 'excluded' | 'excludable_with_consent';

export interface Category {
  id: string;
  name: string;
  nameEn: string;
  returnClass: ReturnClass;
  returnNote: string;
  returnNoteEn: string;
  deposit: number;
}

export interface Sku {
  id: string;
  name: string;
  price: number;
  stock: number;
  groupPrice: number | null;
  groupSize: number | null;
  bargainFloor: number | null;
  maxHelpers: number | null;
}

export interface AddOn {
  id: string;
  title: string;
  price: number;
}

export interface Product {
  id: string;
  title: string;
  description: string;
  category: string;
  categoryInfo: Category;
  images: string[];
  operator: { id: string; shopName: string };
  available: boolean;
  skus: Sku[];
  addOns: AddOn[];
  createdAt: string;
  updatedAt: string;
}

export interface ProductSummary {
  id: string;
  title: string;
  category: string;
  image: string;
  price: number;
  groupPrice: number | null;
  operator: { id: string; shopName: string };
  available: boolean;
}

export interface SkuInput {
  /** Present: keep and change this SKU; absent: a new one (PATCH). */
  id?: string;
  name: string;
  price: number;
  stock: number;
  groupPrice?: number;
  groupSize?: number;
  bargainFloor?: number;
  maxHelpers?: number;
}

export interface AddOnInput {
  id?: string;
  title: string;
  price: number;
}

export interface ProductInput {
  title: string;
  description: string;
  category?: string;
  images: string[];
  skus: SkuInput[];
  addOns?: AddOnInput[];
}

/** POST /uploads. */
export interface Upload {
  url: string;
  thumbnailUrl: string;
  contentType: string;
  width: number;
  height: number;
}

export interface ProductQuery {
  q?: string;
  operatorId?: string;
  category?: string;
  limit?: number;
  cursor?: string;
}

/** An address-book entry (GET/POST /me/addresses). */
export interface ShippingAddress {
  id: string;
  recipient: string;
  phone: string;
  region: string;
  line: string;
}

export type OrderStatus = 'pending_payment' | 'paid' | 'shipped' | 'received' | 'completed' | 'cancelled' | 'refunded' | 'returning';

export interface OrderItem {
  id: string;
  productId: string;
  skuId: string;
  title: string;
  skuName: string;
  unitPrice: number;
  quantity: number;
  returnClass: ReturnClass | string;
}

export interface OrderEvent {
  type: string;
  at: string;
  detail: Record<string, unknown>;
}

export interface Order {
  id: string;
  status: OrderStatus;
  operatorId: string;
  buyerId: string;
  items: OrderItem[];
  addOns: { id: string; addOnId: string; title: string; price: number }[];
  total: number;
  /** The group buy or bargain that set its price. */
  source: { kind: 'group_buy' | 'bargain'; id: string } | null;
  /** A paid group-buy order waits for its group to complete before it ships. */
  awaitingGroup: boolean;
  returnExclusionConfirmed: boolean;
  shipping: { carrier: string; trackingNumber: string } | null;
  createdAt: string;
  expiresAt: string;
  paidAt: string | null;
  shippedAt: string | null;
  receivedAt: string | null;
  timeline: OrderEvent[];
}

/** A passkey registered as the payment step-up (GET /me/passkeys). */
export interface Passkey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** What POST /orders/:id/pay takes: the PIN and, at or above the step-up threshold, one second factor. */
export interface PayInput {
  pin: string;
  totp?: string;
  passkey?: AuthenticationResponseJSON;
}

export interface CheckoutInput {
  items: { skuId: string; quantity: number }[];
  addressId: string;
  addOnIds?: string[];
  attribution?: string;
  confirmReturnExclusion?: boolean;
}

export interface Shipment {
  carrier: string;
  trackingNumber: string;
}

export interface FieldProblem {
  path: string;
  message: string;
}

/** An RFC 9457 problem document with Agora's stable `code`. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code: string;
  errors?: FieldProblem[];
  /** Extra members, e.g. `remainingTries` on BAD_PIN. */
  [member: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldProblem[];
  readonly problem: Problem;
  /** Seconds, from `Retry-After` (429 and 423 answers). */
  readonly retryAfter: number | undefined;

  constructor(problem: Problem, retryAfter?: number) {
    super(problem.detail ?? problem.title ?? problem.code);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.detail = problem.detail ?? '';
    this.errors = problem.errors ?? [];
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

/** Not an answer from Agora at all (offline, proxy error page): still an ApiError, so the UI has one path. */
const NETWORK_ERROR = 'NETWORK_ERROR';

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).code === 'string';
}

/** Reads an answer: the JSON on success, an `ApiError` from the problem document otherwise. */
async function answer<T>(send: () => Promise<Response>): Promise<T> {
  let response: Response;
  try {
    response = await send();
  } catch {
    throw new ApiError({ status: 0, code: NETWORK_ERROR, detail: 'The server could not be reached' });
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) {
    const retryAfterHeader = response.headers.get('retry-after');
    const retryAfter = retryAfterHeader && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : undefined;
    const problem: Problem = isProblem(parsed)
      ? parsed
      : { status: response.status, code: response.status >= 500 ? 'INTERNAL' : NETWORK_ERROR, detail: response.statusText };
    throw new ApiError(problem, retryAfter);
  }
  return parsed as T;
}

/** One JSON call under /api/v1 (exported for the feature clients, e.g. social.ts). */
export async function request<T>(method: string, path: string, body?: unknown, extraHeaders?: Record<string, string>): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...extraHeaders };
  // No content-type without a body: the server rejects an empty JSON body.
  if (body !== undefined) headers['content-type'] = 'application/json';
  return answer<T>(() =>
    fetch(`${API_BASE}${path}`, {
      method,
      headers,
      credentials: 'include',
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

/** `?a=1&b=2` from the defined, non-empty values; '' when there are none. */
export function query(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const id = (value: string) => encodeURIComponent(value);

/** Money-moving POSTs carry the caller's key (see idempotency.ts), so a retry cannot pay twice. */
export const idempotent = (key: string) => ({ 'idempotency-key': key });

export const api = {
  register: (input: { phone: string; password: string; displayName: string }) =>
    request<{ user: Me }>('POST', '/auth/register', input),
  login: (input: { phone: string; password: string }) => request<{ user: Me }>('POST', '/auth/login', input),
  logout: () => request<void>('POST', '/auth/logout'),
  me: () => request<Me>('GET', '/me'),
  sendPhoneCode: () => request<{ sent: boolean; expiresAt: string }>('POST', '/me/phone/code'),
  verifyPhone: (code: string) => request<{ phoneVerified: boolean; user: Me }>('POST', '/me/phone/verify', { code }),
  verifyIdentity: (input: { realName: string; idNumber: string }) =>
    request<{ identityVerified: boolean; user: Me }>('POST', '/me/identity', input),
  setPaymentPin: (input: { pin: string; currentPin?: string }) => request<void>('PUT', '/me/payment-pin', input),
  startTotp: () => request<{ secret: string; otpauthUrl: string }>('POST', '/me/totp'),
  verifyTotp: (code: string) => request<void>('POST', '/me/totp/verify', { code }),
  passkeys: () => request<{ items: Passkey[] }>('GET', '/me/passkeys'),
  passkeyCreationOptions: () => request<PublicKeyCredentialCreationOptionsJSON>('POST', '/me/passkeys/options'),
  registerPasskey: (input: { response: RegistrationResponseJSON; name: string }) => request<{ passkey: Passkey }>('POST', '/me/passkeys', input),
  removePasskey: (passkeyId: string) => request<void>('DELETE', `/me/passkeys/${id(passkeyId)}`),

  // Operators and service providers (API.md).
  registrations: () => request<{ operators: Operator[]; serviceProviders: ServiceProvider[] }>('GET', '/me/registrations'),
  registerOperator: (input: OperatorInput) => request<{ operator: Operator }>('POST', '/operators', input),
  storefront: (operatorId: string) => request<Storefront>('GET', `/operators/${id(operatorId)}`),
  manageOperator: (operatorId: string) => request<{ operator: Operator }>('GET', `/operators/${id(operatorId)}/manage`),
  announceClosure: (operatorId: string, effectiveAt: string) =>
    request<{ operator: Operator }>('POST', `/operators/${id(operatorId)}/closure`, { effectiveAt }),
  deposit: (operatorId: string) => request<DepositStatus>('GET', `/operators/${id(operatorId)}/deposit`),
  /** Pay toward the shop's deposit from the owner's wallet. */
  payDeposit: (operatorId: string, amount: number, idempotencyKey: string) =>
    request<DepositStatus>('POST', `/operators/${id(operatorId)}/deposit`, { amount }, idempotent(idempotencyKey)),
  depositRule: () => request<DepositRule>('GET', '/deposit-rule'),
  registerServiceProvider: (input: ServiceProviderInput) => request<{ serviceProvider: ServiceProvider }>('POST', '/service-providers', input),

  // Admin review (admin role only).
  operatorQueue: (params: { status?: ReviewStatus; cursor?: string; limit?: number }) =>
    request<Page<OperatorReview>>('GET', `/admin/operators${query(params)}`),
  approveOperator: (operatorId: string) => request<{ operator: Operator }>('POST', `/admin/operators/${id(operatorId)}/approve`),
  rejectOperator: (operatorId: string, reason: string) => request<{ operator: Operator }>('POST', `/admin/operators/${id(operatorId)}/reject`, { reason }),
  reverifyOperator: (operatorId: string) => request<{ operator: Operator }>('POST', `/admin/operators/${id(operatorId)}/reverify`),
  serviceProviderQueue: (params: { status?: ReviewStatus; cursor?: string; limit?: number }) =>
    request<Page<ServiceProviderReview>>('GET', `/admin/service-providers${query(params)}`),
  approveServiceProvider: (providerId: string) =>
    request<{ serviceProvider: ServiceProvider }>('POST', `/admin/service-providers/${id(providerId)}/approve`),
  rejectServiceProvider: (providerId: string, reason: string) =>
    request<{ serviceProvider: ServiceProvider }>('POST', `/admin/service-providers/${id(providerId)}/reject`, { reason }),

  // Wallet (API.md "Wallet"). Amounts are fen.
  wallet: () => request<Wallet>('GET', '/wallet'),
  walletLines: (params: { limit?: number; cursor?: string }) => request<Page<WalletLine>>('GET', `/wallet/transfers${query(params)}`),
  createTopUp: (amount: number, idempotencyKey: string) => request<{ topUp: TopUp }>('POST', '/wallet/top-ups', { amount }, idempotent(idempotencyKey)),
  topUp: (topUpId: string) => request<{ topUp: TopUp }>('GET', `/wallet/top-ups/${id(topUpId)}`),
  /** Sandbox only: the sandbox payment provider pays the top-up (it calls Agora's signed webhook). */
  completeSandboxTopUp: (topUpId: string) => request<{ topUp: TopUp }>('POST', `/sandbox/top-ups/${id(topUpId)}/complete`),
  withdraw: (input: { amount: number; pin: string }, idempotencyKey: string) =>
    request<{ withdrawal: Withdrawal }>('POST', '/wallet/withdrawals', input, idempotent(idempotencyKey)),

  // Catalog.
  categories: () => request<Category[]>('GET', '/categories'),
  products: (params: ProductQuery) => request<Page<ProductSummary>>('GET', `/products${query({ ...params })}`),
  product: (productId: string) => request<Product>('GET', `/products/${id(productId)}`),
  createProduct: (operatorId: string, input: ProductInput) => request<{ product: Product }>('POST', `/operators/${id(operatorId)}/products`, input),
  updateProduct: (productId: string, input: Partial<ProductInput>) => request<{ product: Product }>('PATCH', `/products/${id(productId)}`, input),

  // Addresses and orders (API.md "Orders"). Every money POST carries an Idempotency-Key.
  addresses: () => request<{ items: ShippingAddress[] }>('GET', '/me/addresses'),
  addAddress: (input: Omit<ShippingAddress, 'id'>, idempotencyKey: string) =>
    request<{ address: ShippingAddress }>('POST', '/me/addresses', input, idempotent(idempotencyKey)),
  checkout: (input: CheckoutInput, idempotencyKey: string) => request<{ order: Order; orders: Order[] }>('POST', '/orders', input, idempotent(idempotencyKey)),
  orders: (params: { limit?: number; cursor?: string }) => request<Page<Order>>('GET', `/orders${query(params)}`),
  order: (orderId: string) => request<Order>('GET', `/orders/${id(orderId)}`),
  payOrder: (orderId: string, input: PayInput, idempotencyKey: string) =>
    request<{ order: Order }>('POST', `/orders/${id(orderId)}/pay`, input, idempotent(idempotencyKey)),
  /** D4 step-up: a challenge bound to this order and its amount, good once for five minutes. */
  paymentPasskeyOptions: (orderId: string) => request<PublicKeyCredentialRequestOptionsJSON>('POST', `/orders/${id(orderId)}/pay/passkey-options`),
  cancelOrder: (orderId: string, idempotencyKey: string) => request<{ order: Order }>('POST', `/orders/${id(orderId)}/cancel`, undefined, idempotent(idempotencyKey)),
  confirmReceipt: (orderId: string, idempotencyKey: string) =>
    request<{ order: Order }>('POST', `/orders/${id(orderId)}/confirm-receipt`, undefined, idempotent(idempotencyKey)),
  returnOrder: (orderId: string, input: Shipment, idempotencyKey: string) =>
    request<{ order: Order }>('POST', `/orders/${id(orderId)}/return`, input, idempotent(idempotencyKey)),
  operatorOrders: (operatorId: string, params: { limit?: number; cursor?: string }) =>
    request<Page<Order>>('GET', `/operators/${id(operatorId)}/orders${query(params)}`),
  shipOrder: (orderId: string, input: Shipment, idempotencyKey: string) =>
    request<{ order: Order }>('POST', `/orders/${id(orderId)}/ship`, input, idempotent(idempotencyKey)),
  shippingAddress: (orderId: string) =>
    request<{ address: Omit<ShippingAddress, 'id'> | null }>('GET', `/orders/${id(orderId)}/shipping-address`),
  returnReceived: (orderId: string, idempotencyKey: string) =>
    request<{ order: Order }>('POST', `/orders/${id(orderId)}/return/received`, undefined, idempotent(idempotencyKey)),

  /** POST /uploads: one image as multipart field `file` (the browser sets the boundary). */
  upload: (file: Blob, filename: string) => {
    const form = new FormData();
    form.append('file', file, filename);
    return answer<Upload>(() =>
      fetch(`${API_BASE}/uploads`, { method: 'POST', headers: { accept: 'application/json, application/problem+json' }, credentials: 'include', body: form }),
    );
  },
};
