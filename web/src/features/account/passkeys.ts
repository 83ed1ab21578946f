/**
 * Passkeys (WebAuthn) for the payment step-up (D4): the list on /me/passkeys, the
 * registration ceremony, and the signature over one order's challenge. The browser
 * half of each ceremony is @simplewebauthn/browser; its failures become `ApiError`s
 * with codes of our own, so pages show them like any other failure. The library is loaded
 * only when a ceremony starts, so pages that merely might pay do not download it.
 *
 * @example
 *   const passkey = await signPayment(order.id);
 *   await ordersApi.payOrder(order.id, { pin, passkey }, key);
 */
import type { AuthenticationResponseJSON } from '@simplewebauthn/browser';
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { ApiError, type BodyOf } from '../../api/client';
import { accountApi, type Passkey } from './api';

export const PASSKEYS_KEY = ['passkeys'] as const;

export function usePasskeys() {
  return useQuery({ queryKey: PASSKEYS_KEY, queryFn: accountApi.passkeys });
}

export function refreshPasskeys(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: PASSKEYS_KEY });
}

/**
 * A ceremony the browser ended, in our words: the user closed the prompt or it timed
 * out (NotAllowedError, AbortError) is PASSKEY_CANCELLED; this authenticator already
 * holds a passkey for the account is PASSKEY_ALREADY_REGISTERED, as the server would
 * say; anything else (no WebAuthn, a bad domain) is PASSKEY_UNAVAILABLE. The browser's
 * own message stays in `detail` for whoever debugs it.
 */
function ceremonyFailure(error: unknown): ApiError {
  const name = error instanceof Error ? error.name : '';
  const detail = error instanceof Error ? error.message : String(error);
  const webAuthnCode = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  const code =
    webAuthnCode === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED'
      ? 'PASSKEY_ALREADY_REGISTERED'
      : name === 'NotAllowedError' || name === 'AbortError'
        ? 'PASSKEY_CANCELLED'
        : 'PASSKEY_UNAVAILABLE';
  return new ApiError({ status: 0, code, detail });
}

async function inBrowser<T>(ceremony: () => Promise<T>): Promise<T> {
  try {
    return await ceremony();
  } catch (error) {
    throw ceremonyFailure(error);
  }
}

/** Creates a passkey on this device and registers it under `name`. */
export async function addPasskey(name: string): Promise<Passkey> {
  const optionsJSON = await accountApi.passkeyCreationOptions();
  const { startRegistration } = await import('@simplewebauthn/browser');
  const response = await inBrowser(() => startRegistration({ optionsJSON }));
  // The browser library types `transports` as any string; the server's schema names the WebAuthn ones.
  return (await accountApi.registerPasskey({ response: response as BodyOf<'/me/passkeys'>['response'], name })).passkey;
}

/** Signs this order's payment challenge (fresh for every attempt: each is good once). */
export async function signPayment(orderId: string): Promise<AuthenticationResponseJSON> {
  const optionsJSON = await accountApi.paymentPasskeyOptions(orderId);
  const { startAuthentication } = await import('@simplewebauthn/browser');
  return inBrowser(() => startAuthentication({ optionsJSON }));
}
