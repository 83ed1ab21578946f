/**
 * The shop owner's and service provider's calls (API.md "Operators", "Catalog"):
 * applying, the dashboard, closure (R2), the deposit, and writing products. Types are
 * named views of the server's OpenAPI document (api/client.ts), not shapes written here.
 */
import { at, call, client, idempotent, type BodyOf, type ResponseOf } from '../../api/client';

/** An operator as its owner and admins see it. */
export type Operator = ResponseOf<'/operators/{id}/manage'>['operator'];
export type OperatorKind = Operator['kind'];
export type ReviewStatus = Operator['status'];
/** R1: what the storefront must show, and nothing more. */
export type Disclosure = Operator['disclosure'];
export type Closure = NonNullable<Operator['closure']>;

export type ServiceProvider = ResponseOf<'/me/registrations'>['serviceProviders'][number];
export type ServiceKind = ServiceProvider['service'];

export type OperatorInput = BodyOf<'/operators'>;
export type Contact = OperatorInput['contact'];
export type Address = OperatorInput['address'];
export type ServiceProviderInput = BodyOf<'/service-providers'>;

export type DepositStatus = ResponseOf<'/operators/{id}/deposit'>;
export type DepositRule = ResponseOf<'/deposit-rule'>;

export type ProductInput = BodyOf<'/operators/{id}/products'>;
/** Present `id`: keep and change this SKU; absent: a new one (PATCH). */
export type SkuInput = NonNullable<BodyOf<'/products/{id}', 'patch'>['skus']>[number];
export type AddOnInput = NonNullable<BodyOf<'/products/{id}', 'patch'>['addOns']>[number];

const byId = (id: string) => at({ id });

export const shopApi = {
  registrations: () => call(client.GET('/me/registrations')),
  registerOperator: (input: OperatorInput) => call(client.POST('/operators', { body: input })),
  manageOperator: (operatorId: string) => call(client.GET('/operators/{id}/manage', byId(operatorId))),
  announceClosure: (operatorId: string, effectiveAt: string) => call(client.POST('/operators/{id}/closure', { ...byId(operatorId), body: { effectiveAt } })),
  deposit: (operatorId: string) => call(client.GET('/operators/{id}/deposit', byId(operatorId))),
  /** Pay toward the shop's deposit from the owner's wallet. */
  payDeposit: (operatorId: string, amount: number, idempotencyKey: string) =>
    call(client.POST('/operators/{id}/deposit', { ...byId(operatorId), body: { amount }, ...idempotent(idempotencyKey) })),
  depositRule: () => call(client.GET('/deposit-rule')),
  registerServiceProvider: (input: ServiceProviderInput) => call(client.POST('/service-providers', { body: input })),
  createProduct: (operatorId: string, input: ProductInput) => call(client.POST('/operators/{id}/products', { ...byId(operatorId), body: input })),
  updateProduct: (productId: string, input: BodyOf<'/products/{id}', 'patch'>) => call(client.PATCH('/products/{id}', { ...byId(productId), body: input })),
};
