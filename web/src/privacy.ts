/**
 * The privacy centre's client (API.md "Privacy"): consents with their published text
 * and version, who read my personal information, and my export.
 */
import { id, query, request } from './api';

export type ConsentPurpose = 'marketing' | 'share_with_operator_marketing' | 'personalised_feed' | 'sensitive_identity';

/** The switches on the privacy page; `sensitive_identity` is asked on the identity page, on its own (PIPL art. 29). */
export const PRIVACY_PURPOSES: readonly ConsentPurpose[] = ['personalised_feed', 'marketing', 'share_with_operator_marketing', 'sensitive_identity'];

export interface Consent {
  purpose: ConsentPurpose;
  granted: boolean;
  /** The version the user answered; null while never asked. */
  textVersion: string | null;
  at: string | null;
  /** The published text now, and its version. */
  version: string;
  text: { 'zh-CN': string; en: string };
}

export type ActorRole = 'operator' | 'admin' | 'service_provider' | 'regulator' | 'user';

export interface AccessLogEntry {
  id: string;
  actorId: string;
  actorRole: ActorRole;
  actorName: string | null;
  fields: string[];
  purpose: string;
  at: string;
}

export const CONSENTS_KEY = ['consents'] as const;
export const ACCESS_LOG_KEY = ['access-log'] as const;

/** Plain links: the session cookie goes with them and the server names the file. */
export const EXPORT_JSON_URL = '/api/v1/me/export';
export const EXPORT_ZIP_URL = '/api/v1/me/export.zip';

export const privacyApi = {
  consents: () => request<{ items: Consent[] }>('GET', '/me/consents'),
  /** Granting sends the version of the text shown, so a changed text is read before it is agreed to. */
  setConsent: (purpose: ConsentPurpose, granted: boolean, textVersion?: string) =>
    request<{ consent: Consent }>('PUT', `/me/consents/${id(purpose)}`, textVersion ? { granted, textVersion } : { granted }),
  accessLog: (cursor?: string) => request<{ items: AccessLogEntry[]; nextCursor: string | null }>('GET', `/me/access-log${query({ cursor, limit: 20 })}`),
};
