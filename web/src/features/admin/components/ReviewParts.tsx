import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TextAreaField } from '../../../ui/Field';
import { lengthBetween } from '../../shop/registration';
import type { ReviewStatus } from '../../shop/api';

/** The query key every review queue lives under; a decision refreshes them all. */
export const ADMIN_KEY = 'admin';

export function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/** Approve, or reject with a required reason: the decision on a pending application. */
export function Decision({ onApprove, onReject, busy }: { onApprove: () => void; onReject: (reason: string) => void; busy: boolean }) {
  const { t } = useTranslation();
  const [rejecting, setRejecting] = useState(false);
  const [invalid, setInvalid] = useState(false);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    const ok = lengthBetween(reason, 2, 500);
    setInvalid(!ok);
    if (ok) onReject(reason);
  }

  if (rejecting) {
    return (
      <form className="form reject-form" onSubmit={onSubmit} noValidate>
        <TextAreaField name="reason" label={t('admin.reason')} rows={3} maxLength={500} placeholder={t('admin.reasonPlaceholder')} error={invalid ? t('admin.reasonRequired') : undefined} data-testid="review-reason" />
        <div className="button-row">
          <button type="button" className="button secondary" onClick={() => setRejecting(false)} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button danger" data-testid="review-confirm-reject" disabled={busy}>
            {t('admin.confirmReject')}
          </button>
        </div>
      </form>
    );
  }
  return (
    <div className="button-row">
      <button type="button" className="button danger-outline" data-testid="review-reject" onClick={() => setRejecting(true)} disabled={busy}>
        {t('admin.reject')}
      </button>
      <button type="button" className="button primary" data-testid="review-approve" onClick={onApprove} disabled={busy}>
        {t('admin.approve')}
      </button>
    </div>
  );
}

export function StatusPill({ status }: { status: ReviewStatus }) {
  const { t } = useTranslation();
  const cls = { pending: 'wait', approved: 'ok', rejected: 'bad' } as const;
  return <span className={`pill ${cls[status]}`}>{t(`admin.${status}`)}</span>;
}
