/**
 * The account's calls (API.md "Accounts and identity"): sign-up and login, phone and
 * identity checks, the payment PIN, TOTP and the passkeys of the payment step-up (D4).
 * Types are named views of the server's OpenAPI document (api/client.ts), not shapes
 * written here: a field the server does not send is a type error in the page that reads it.
 *
 * @example
 *   try { await accountApi.verifyIdentity({ realName, idNumber }) }
 *   catch (e) { if (e instanceof ApiError && e.code === 'UNDERAGE') … }
 */

import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import { at, call, client, type BodyOf, type ItemOf, type ResponseOf } from '../../api/client';

/** A passkey registered as the payment step-up (GET /me/passkeys). */
export type Passkey = ItemOf<ResponseOf<'/me/passkeys'>>;

const byId = (id: string) => at({ id });

export const accountApi = {
  /** Sign-up's code (202 the same whether or not the phone has an account). */
  sendSignupCode: (phone: string) => call(client.POST('/auth/phone-code', { body: { phone } })),
  register: (input: BodyOf<'/auth/register'>) => call(client.POST('/auth/register', { body: input })),
  /** The own verified identity, masked: forms show it instead of asking again. */
  ownIdentity: () => call(client.GET('/me/identity')),
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
  /** D4 step-up: a challenge bound to this order and its amount, good once for five minutes. */
  paymentPasskeyOptions: (orderId: string) => call(client.POST('/orders/{id}/pay/passkey-options', byId(orderId))) as Promise<unknown> as Promise<PublicKeyCredentialRequestOptionsJSON>,
};
