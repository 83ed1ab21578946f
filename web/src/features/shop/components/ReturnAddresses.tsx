import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { PHONE_PATTERN, type InputProblem } from '../../../lib/validation';
import { useShopProblems } from './AfterSaleParts';
import { afterSalesApi, RETURN_ADDRESSES_KEY, type ReturnAddress, type ReturnAddressInput } from '../afterSales';

type Problems = Partial<Record<'recipient' | 'phone' | 'region' | 'line', InputProblem | 'recipient'>>;

/** The form's fields read and checked as the server will (API.md: a mainland mobile number, the buyer address's lengths). */
export function readReturnAddress(form: FormData): { input: ReturnAddressInput; problems: Problems } {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const input: ReturnAddressInput = { recipient: text('recipient'), phone: text('phone').replace(/[\s-]/g, ''), region: text('region'), line: text('line') };
  if (form.get('isDefault') === 'on') input.isDefault = true;
  const problems: Problems = {};
  if (input.recipient.length < 1 || input.recipient.length > 30) problems.recipient = 'recipient';
  if (!PHONE_PATTERN.test(input.phone)) problems.phone = 'validation.phone';
  if (input.region.length < 2 || input.region.length > 60) problems.region = 'validation.region';
  if (input.line.length < 2 || input.line.length > 200) problems.line = 'validation.line';
  return { input, problems };
}

/** Add or edit one return address; `address` fills it for an edit. */
function ReturnAddressForm({
  address,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  address?: ReturnAddress;
  pending: boolean;
  error: unknown;
  onSubmit: (input: ReturnAddressInput) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [problems, setProblems] = useState<Problems>({});
  const words = (problem: Problems[keyof Problems]) => (problem === undefined ? undefined : problem === 'recipient' ? t('shop.returnAddresses.recipientRequired') : t(problem));
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const read = readReturnAddress(new FormData(event.currentTarget));
    setProblems(read.problems);
    if (Object.keys(read.problems).length === 0) onSubmit(read.input);
  }
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="return-address-form" aria-label={address ? t('shop.returnAddresses.editTitle') : t('shop.returnAddresses.add')}>
      <Field name="recipient" label={t('shop.returnAddresses.recipient')} maxLength={30} autoComplete="name" defaultValue={address?.recipient} error={words(problems.recipient)} autoFocus data-testid="return-address-recipient" />
      <Field name="phone" label={t('shop.returnAddresses.phone')} inputMode="tel" autoComplete="tel" maxLength={13} defaultValue={address?.phone} error={words(problems.phone)} data-testid="return-address-phone" />
      <Field name="region" label={t('shop.returnAddresses.region')} placeholder={t('shop.returnAddresses.regionPlaceholder')} maxLength={60} defaultValue={address?.region} error={words(problems.region)} data-testid="return-address-region" />
      <Field name="line" label={t('shop.returnAddresses.line')} placeholder={t('shop.returnAddresses.linePlaceholder')} maxLength={200} defaultValue={address?.line} error={words(problems.line)} data-testid="return-address-line" />
      {!address?.isDefault && (
        <label className="check-line">
          <input type="checkbox" name="isDefault" data-testid="return-address-default" /> {t('shop.returnAddresses.makeDefault')}
        </label>
      )}
      <ErrorBanner error={error} testId="return-address-error" />
      <div className="button-row">
        <button type="submit" className="button primary" disabled={pending} data-testid="return-address-save">
          {pending ? t('common.saving') : t('shop.returnAddresses.save')}
        </button>
        <button type="button" className="button secondary" disabled={pending} data-testid="return-address-cancel" onClick={onCancel}>
          {t('shop.returnAddresses.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * Settings → 退货地址: where buyers send returns and exchanges (shown to a buyer only once the
 * shop approves the return). Add, edit, delete, and choose the default the approvals use;
 * the first address is the default.
 */
export function ReturnAddresses({ operatorId }: { operatorId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const { inWords } = useShopProblems();
  const queryKey = [...RETURN_ADDRESSES_KEY, operatorId];
  const addresses = useQuery({ queryKey, queryFn: () => afterSalesApi.returnAddresses(operatorId) });
  /** 'new', an address id being edited, or nothing open. */
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ReturnAddress | null>(null);
  const [saved, setSaved] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey });
  const save = useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: ReturnAddressInput }) =>
      keys.send({ id, input }, (key) => {
        if (!id) return afterSalesApi.addReturnAddress(operatorId, input, key);
        // An edit makes an address the default, never un-makes it (another one is made so instead).
        const { isDefault, ...fields } = input;
        return afterSalesApi.updateReturnAddress(operatorId, id, isDefault ? { ...fields, isDefault: true } : fields, key);
      }),
    onSuccess: async () => {
      setEditing(null);
      setSaved(true);
      await refresh();
    },
  });
  const makeDefault = useMutation({
    mutationFn: (id: string) => keys.send({ id, isDefault: true }, (key) => afterSalesApi.updateReturnAddress(operatorId, id, { isDefault: true }, key)),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => keys.send({ delete: id }, (key) => afterSalesApi.deleteReturnAddress(operatorId, id, key)),
    onSuccess: async () => {
      setDeleting(null);
      setSaved(false);
      await refresh();
    },
  });
  function open(which: string | null) {
    save.reset();
    setSaved(false);
    setEditing(which);
  }

  const form = (address?: ReturnAddress) => (
    <ReturnAddressForm address={address} pending={save.isPending} error={inWords(save.error)} onSubmit={(input) => save.mutate({ id: address?.id ?? null, input })} onCancel={() => open(null)} />
  );
  return (
    <section className="card" data-testid="return-addresses" aria-labelledby="return-addresses-title">
      <h2 id="return-addresses-title">{t('shop.returnAddresses.title')}</h2>
      <p className="muted">{t('shop.returnAddresses.intro')}</p>
      {saved && <Notice testId="return-address-saved">{t('shop.returnAddresses.saved')}</Notice>}
      {addresses.isPending ? (
        <Loading />
      ) : !addresses.data ? (
        <ErrorBanner error={addresses.error} testId="return-addresses-error" />
      ) : (
        <>
          {addresses.data.items.length === 0 && editing !== 'new' && (
            <p className="empty" data-testid="return-addresses-empty">
              {t('shop.returnAddresses.empty')}
            </p>
          )}
          <ErrorBanner error={inWords(makeDefault.error)} testId="return-address-default-error" />
          <ul className="return-address-list" aria-label={t('shop.returnAddresses.list')}>
            {addresses.data.items.map((address) => (
              <li key={address.id} data-testid="return-address" data-default={address.isDefault}>
                {editing === address.id ? (
                  form(address)
                ) : (
                  <>
                    <p className="return-address-who">
                      <strong>{address.recipient}</strong> {address.phone}{' '}
                      {address.isDefault && (
                        <span className="pill ok" data-testid="return-address-is-default">
                          {t('shop.returnAddresses.isDefault')}
                        </span>
                      )}
                    </p>
                    <p className="return-address-where">
                      {address.region} {address.line}
                    </p>
                    <div className="button-row">
                      <button type="button" className="button secondary small" data-testid="return-address-edit" onClick={() => open(address.id)}>
                        {t('shop.returnAddresses.edit')}
                      </button>
                      {!address.isDefault && (
                        <button type="button" className="button secondary small" disabled={makeDefault.isPending} data-testid="return-address-make-default" onClick={() => makeDefault.mutate(address.id)}>
                          {t('shop.returnAddresses.setDefault')}
                        </button>
                      )}
                      <button type="button" className="button danger-outline small" data-testid="return-address-delete" onClick={() => setDeleting(address)}>
                        {t('shop.returnAddresses.delete')}
                      </button>
                    </div>
                  </>
                )}
              </li>
            ))}
          </ul>
          {editing === 'new' ? (
            form()
          ) : (
            <button type="button" className="button primary" data-testid="return-address-add" onClick={() => open('new')}>
              {t('shop.returnAddresses.add')}
            </button>
          )}
        </>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={t('shop.returnAddresses.deleteTitle')}
        confirmLabel={t('shop.returnAddresses.delete')}
        cancelLabel={t('shop.returnAddresses.cancel')}
        busy={remove.isPending}
        testId="return-address-delete-dialog"
        onConfirm={() => deleting && remove.mutate(deleting.id)}
        onCancel={() => setDeleting(null)}
      >
        <p>{deleting && t('shop.returnAddresses.deleteBody', { recipient: deleting.recipient, region: deleting.region, line: deleting.line })}</p>
        <ErrorBanner error={inWords(remove.error)} testId="return-address-delete-error" />
      </ConfirmDialog>
    </section>
  );
}
