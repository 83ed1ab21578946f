import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isOneOf } from '../../../api/enums';
import { formatFen } from '../../../lib/money';
import { personalFieldLabel } from '../../account/privacy';
import { AUDIT_ACTIONS, type AuditEntry } from '../api';

/** The detail keys with words (oversight.audit.details); ids and anything else stay in the CSV export only. */
const KEYS = [
  'from',
  'to',
  'reason',
  'kind',
  'fields',
  'purpose',
  'role',
  'filter',
  'title',
  'recipients',
  'operators',
  'serviceProviders',
  'refund',
  'compensation',
  'providerCompensation',
  'content',
  'vaultValuesErased',
  'notes',
  'comments',
  'likes',
  'collects',
] as const;
type Key = (typeof KEYS)[number];
const MONEY: ReadonlySet<Key> = new Set(['refund', 'compensation', 'providerCompensation']);

export const auditActionLabel = (t: TFunction, action: string) => (isOneOf(AUDIT_ACTIONS, action) ? t(`oversight.audit.actions.${action}`) : t('oversight.audit.otherAction'));

function valueText(t: TFunction, key: Key, value: unknown): string {
  if (MONEY.has(key) && typeof value === 'number') return formatFen(value);
  if (key === 'fields' && Array.isArray(value)) return value.map((field) => personalFieldLabel(t, String(field))).join('、');
  if (key === 'role') return value === 'regulator' ? t('oversight.audit.roleRegulator') : t('oversight.audit.roleAdmin');
  if (key === 'kind' && (value === 'enterprise' || value === 'individual')) return t(`oversight.audit.kinds.${value}`);
  if (key === 'content' && (value === 'anonymise' || value === 'delete')) return t(`oversight.audit.contents.${value}`);
  if (key === 'filter' && typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .map(([name, v]) => (name === 'action' ? auditActionLabel(t, String(v)) : String(v)))
      .join(' · ');
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** An audit entry's details as labelled words; a personal-data read by a review names the review, not its sentence. */
export function AuditDetail({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const detail = entry.detail;
  const reviewReason = detail.reason === 'operator_review' || detail.reason === 'provider_review' ? detail.reason : null;
  const shown = KEYS.filter((key) => detail[key] !== undefined && detail[key] !== null && !(reviewReason && key === 'reason'));
  if (shown.length === 0) return null;
  return (
    <dl className="audit-detail">
      {shown.map((key) => (
        <div key={key}>
          <dt>{t(`oversight.audit.details.${key}`)}</dt>
          <dd>{key === 'purpose' && reviewReason ? t(`privacyCentre.accessLog.reasons.${reviewReason}`) : valueText(t, key, detail[key])}</dd>
        </div>
      ))}
    </dl>
  );
}
