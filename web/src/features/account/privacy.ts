/**
 * The privacy centre's client (API.md "Privacy"): consents with their published text
 * and version, who read my personal information, and my export.
 */
import { API_BASE, call, client, type ItemOf, type ResponseOf } from '../../api/client';
import type { TFunction } from 'i18next';
import { everyValue, isOneOf } from '../../api/enums';

/** A consent as answered (`textVersion`, null while never asked) with the text published now and its version. */
export type Consent = ItemOf<ResponseOf<'/me/consents'>>;
export type ConsentPurpose = Consent['purpose'];

/** The switches on the privacy page; `sensitive_identity` is asked on the identity page, on its own (PIPL art. 29). */
export const PRIVACY_PURPOSES = everyValue<ConsentPurpose>()(['personalised_feed', 'marketing', 'share_with_operator_marketing', 'qa_invitations', 'sensitive_identity']);

export type AccessLogEntry = ItemOf<ResponseOf<'/me/access-log'>>;
export type ActorRole = AccessLogEntry['actorRole'];
export type AccessReason = AccessLogEntry['reason'];

/** Every reason the server logs a read for, each with words under privacyCentre.accessLog.reasons. */
export const ACCESS_REASONS = everyValue<AccessReason['code']>()(['ship_order', 'masked_order_view', 'operator_review', 'provider_review', 'after_sale_return', 'chat_report', 'chat_dispute', 'staff_request']);

/** The kinds of personal information a read names, each with words under privacyCentre.accessLog.fields. */
export const PERSONAL_FIELDS = everyValue<AccessLogEntry['fields'][number]>()([
  'phone',
  'real_name',
  'id_number',
  'address',
  'operator_contact',
  'operator_address',
  'operator_legal_rep',
  'provider_contact',
  'provider_address',
  'return_address',
  'chat_message',
]);

/** A personal field's words; one this build does not know (a newer server) is named generically, never by its code. */
export function personalFieldLabel(t: TFunction, field: string): string {
  return isOneOf(PERSONAL_FIELDS, field) ? t(`privacyCentre.accessLog.fields.${field}`) : t('privacyCentre.accessLog.otherField');
}

export const CONSENTS_KEY = ['consents'] as const;
export const ACCESS_LOG_KEY = ['access-log'] as const;

/** Plain links: the session cookie goes with them and the server names the file. */
export const EXPORT_JSON_URL = `${API_BASE}/me/export`;
export const EXPORT_ZIP_URL = `${API_BASE}/me/export.zip`;

export const privacyApi = {
  consents: () => call(client.GET('/me/consents')),
  /** Granting sends the version of the text shown, so a changed text is read before it is agreed to. */
  setConsent: (purpose: ConsentPurpose, granted: boolean, textVersion?: string) =>
    call(client.PUT('/me/consents/{purpose}', { params: { path: { purpose } }, body: textVersion ? { granted, textVersion } : { granted } })),
  accessLog: (cursor?: string) => call(client.GET('/me/access-log', { params: { query: { cursor, limit: 20 } } })),
};
