import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { ApiError } from '../../../api/client';
import { isOneOf } from '../../../api/enums';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { formatDateTime } from '../../../lib/format';
import { PHONE_PATTERN } from '../../../lib/validation';
import { useShopOperator } from '../components/ShopConsole';
import { MAX_STAFF, STAFF_CODES, STAFF_KEY, staffApi, type StaffMember } from '../staff';

/**
 * /shop/staff: the owner's 店铺客服 — who may answer the shop's buyers (issue 18 item 3).
 * Staff see conversations and quick replies only, never orders, money or products.
 */
export function ShopStaffPage() {
  const { t, i18n } = useTranslation();
  const operator = useShopOperator();
  const queryClient = useQueryClient();
  const operatorId = operator?.id ?? '';
  const queryKey = [STAFF_KEY, operatorId];
  const staff = useQuery({ queryKey, queryFn: () => staffApi.list(operatorId), enabled: Boolean(operator) });
  const [phoneProblem, setPhoneProblem] = useState<string>();
  const [added, setAdded] = useState<string>();
  const [removing, setRemoving] = useState<StaffMember | null>(null);
  const inWords = (error: unknown): unknown =>
    error instanceof ApiError && isOneOf(STAFF_CODES, error.code) ? new ApiError({ ...error.problem, detail: t(`shop.staff.problems.${error.code}`) }, error.retryAfter) : error;
  const add = useMutation({
    mutationFn: (phone: string) => staffApi.add(operatorId, phone),
    onSuccess: async ({ member }) => {
      setAdded(member.displayName);
      await queryClient.invalidateQueries({ queryKey });
    },
  });
  const remove = useMutation({
    mutationFn: (userId: string) => staffApi.remove(operatorId, userId),
    onSuccess: async () => {
      setRemoving(null);
      setAdded(undefined);
      await queryClient.invalidateQueries({ queryKey });
    },
  });
  if (!operator) return <Navigate to="/shop" replace />;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const phone = String(new FormData(form).get('staffPhone') ?? '').replace(/[\s-]/g, '');
    setAdded(undefined);
    add.reset();
    if (!PHONE_PATTERN.test(phone)) {
      setPhoneProblem(t('validation.phone'));
      return;
    }
    setPhoneProblem(undefined);
    add.mutate(phone, { onSuccess: () => form.reset() });
  }

  const staffCount = staff.data?.items.filter((m) => m.role === 'staff').length ?? 0;
  return (
    <div className="page" data-testid="shop-staff-page">
      <PageHeader title={t('shop.staff.title')} intro={t('shop.staff.intro')} back={{ to: '/shop', label: operator.shopName }} />
      <section className="card" aria-labelledby="staff-add-title">
        <h2 id="staff-add-title">{t('shop.staff.add')}</h2>
        <form className="form" onSubmit={submit} noValidate data-testid="staff-add-form">
          <Field name="staffPhone" label={t('shop.staff.phone')} hint={t('shop.staff.phoneHint')} inputMode="tel" maxLength={13} error={phoneProblem} data-testid="staff-phone" />
          <ErrorBanner error={inWords(add.error)} testId="staff-add-error" />
          {added !== undefined && <Notice testId="staff-added">{t('shop.staff.added', { name: added })}</Notice>}
          <button type="submit" className="button primary" disabled={add.isPending || staffCount >= MAX_STAFF} data-testid="staff-add">
            {add.isPending ? t('common.saving') : t('shop.staff.addButton')}
          </button>
        </form>
      </section>
      <section className="card" aria-labelledby="staff-list-title">
        <h2 id="staff-list-title">{t('shop.staff.list', { count: staffCount, max: MAX_STAFF })}</h2>
        {staff.isPending ? (
          <Loading />
        ) : !staff.data ? (
          <ErrorBanner error={staff.error} testId="staff-error" />
        ) : (
          <ul className="staff-list" data-testid="staff-list">
            {staff.data.items.map((member) => (
              <li key={member.userId} data-testid="staff-member" data-role={member.role}>
                <span className="staff-name">{member.displayName}</span>
                <span className="muted">{member.phoneMasked}</span>
                <span className="badge" data-testid="staff-role">
                  {t(`shop.staff.roles.${member.role}`)}
                </span>
                <span className="muted">{t('shop.staff.addedAt', { at: formatDateTime(member.addedAt, i18n.resolvedLanguage) })}</span>
                {member.role === 'staff' && (
                  <button type="button" className="button secondary" onClick={() => setRemoving(member)} data-testid="staff-remove">
                    {t('shop.staff.remove')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        <ErrorBanner error={inWords(remove.error)} testId="staff-remove-error" />
      </section>
      <ConfirmDialog
        open={removing !== null}
        title={t('shop.staff.removeTitle')}
        confirmLabel={t('shop.staff.remove')}
        cancelLabel={t('shop.staff.keep')}
        busy={remove.isPending}
        testId="staff-remove-dialog"
        onConfirm={() => removing && remove.mutate(removing.userId)}
        onCancel={() => setRemoving(null)}
      >
        <p>{t('shop.staff.removeBody', { name: removing?.displayName ?? '' })}</p>
      </ConfirmDialog>
    </div>
  );
}
