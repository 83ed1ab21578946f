import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type DepositStatus, type Operator } from '../../../api';
import { useProductList } from '../../../catalog';
import { DisclosureBlock } from '../../../ui/Disclosure';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { earliestClosureDay, formatDate, startOfChinaDay } from '../../../format';
import { useIdempotencyKeys } from '../../../idempotency';
import { fenToYuan, formatFen } from '../../../money';
import { REGISTRATIONS_KEY } from '../../../registration';
import { useNavigationState } from '../../../session';
import { ShopOrdersCard } from './ShopOrders';
import type { InputProblem } from '../../../validation';
import { MAX_DEPOSIT_AMOUNT, readAmount, refreshWallet, useWallet, type AmountProblem } from '../../../wallet';

/** What the shop still owes: the required deposit less what is left of it (money used for compensation must be made good). */
const owedOf = (deposit: DepositStatus) => Math.max(0, deposit.required - deposit.balance);

/** R16: pay toward the deposit from the owner's wallet; the amount starts at what is owed. */
function DepositPayForm({ operatorId, deposit }: { operatorId: string; deposit: DepositStatus }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const wallet = useWallet();
  const owed = owedOf(deposit);
  const [text, setText] = useState(owed > 0 ? fenToYuan(owed) : '');
  const [problem, setProblem] = useState<AmountProblem | null>(null);
  const pay = useMutation({
    mutationFn: (amount: number) => keys.send({ amount }, (key) => api.payDeposit(operatorId, amount, key)),
    onSuccess: async (status) => {
      queryClient.setQueryData(['deposit', operatorId], status);
      const left = owedOf(status);
      setText(left > 0 ? fenToYuan(left) : '');
      await refreshWallet(queryClient);
    },
    onError: () => void refreshWallet(queryClient),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const read = readAmount(text, { max: MAX_DEPOSIT_AMOUNT, available: wallet.data?.balance });
    setProblem('problem' in read ? read.problem : null);
    if ('fen' in read) pay.mutate(read.fen);
  }

  return (
    <form className="form deposit-pay" onSubmit={onSubmit} noValidate data-testid="deposit-pay-form">
      <h3>{t('shop.depositPay')}</h3>
      {pay.isSuccess && <Notice testId="deposit-paid-notice">{t('shop.depositDone', { amount: formatFen(pay.variables) })}</Notice>}
      <Field
        name="depositAmount"
        label={t('shop.depositAmount')}
        inputMode="decimal"
        autoComplete="off"
        value={text}
        onChange={(event) => setText(event.target.value)}
        error={problem ? t(problem.key, problem.values) : undefined}
      />
      <p className="available-line">
        <span data-testid="deposit-wallet-balance">{wallet.data ? t('shop.depositWallet', { amount: formatFen(wallet.data.balance) }) : t('common.loading')}</span>
        <Link to="/wallet/top-up" data-testid="deposit-top-up">
          {t('shop.depositTopUp')} ›
        </Link>
      </p>
      <ErrorBanner
        error={pay.error}
        testId="deposit-pay-error"
        links={{ INSUFFICIENT_FUNDS: { to: '/wallet/top-up', label: t('shop.depositTopUp'), testId: 'deposit-error-top-up' } }}
      />
      <button type="submit" className="button primary" data-testid="deposit-pay" disabled={pay.isPending}>
        {pay.isPending ? t('shop.depositPaying') : t('shop.depositSubmit')}
      </button>
    </form>
  );
}

/** R16: what the shop owes toward its deposit. */
function DepositCard({ operatorId }: { operatorId: string }) {
  const { t } = useTranslation();
  const deposit = useQuery({ queryKey: ['deposit', operatorId], queryFn: () => api.deposit(operatorId) });
  return (
    <section className="card" data-testid="shop-deposit">
      <h2>{t('shop.deposit')}</h2>
      {deposit.isPending ? (
        <Loading />
      ) : deposit.isError ? (
        <ErrorBanner error={deposit.error} />
      ) : (
        <>
          <dl className="money-facts">
            <div>
              <dt>{t('shop.depositRequired')}</dt>
              <dd data-testid="deposit-required">{formatFen(deposit.data.required)}</dd>
            </div>
            <div>
              <dt>{t('shop.depositPaid')}</dt>
              <dd data-testid="deposit-paid">{formatFen(deposit.data.paid)}</dd>
            </div>
            <div>
              <dt>{t('shop.depositBalance')}</dt>
              <dd data-testid="deposit-balance">{formatFen(deposit.data.balance)}</dd>
            </div>
            <div className="owed">
              <dt>{t('shop.depositOwed')}</dt>
              <dd data-testid="deposit-owed">{formatFen(owedOf(deposit.data))}</dd>
            </div>
          </dl>
          <DepositPayForm operatorId={operatorId} deposit={deposit.data} />
          <p className="fine-print">
            {t('shop.depositNote')}{' '}
            <Link to="/deposit-rule" data-testid="shop-deposit-rule">
              {t('shop.depositRuleLink')}
            </Link>
          </p>
        </>
      )}
    </section>
  );
}

/** R2: announce the closure at least 30 days ahead; once announced it shows, and cannot be withdrawn. */
function ClosureCard({ operator }: { operator: Operator }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const language = i18n.resolvedLanguage;
  const earliest = earliestClosureDay();
  const [invalid, setInvalid] = useState<{ date?: InputProblem; confirm?: InputProblem }>({});
  const announce = useMutation({
    mutationFn: (effectiveAt: string) => api.announceClosure(operator.id, effectiveAt),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: REGISTRATIONS_KEY });
      void queryClient.invalidateQueries({ queryKey: ['storefront', operator.id] });
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const day = String(form.get('closureDate') ?? '');
    const problems: typeof invalid = {};
    // YYYY-MM-DD strings compare in date order.
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || day < earliest) problems.date = 'validation.closureDate';
    if (form.get('closureConfirm') !== 'on') problems.confirm = 'validation.closureConfirm';
    setInvalid(problems);
    if (Object.keys(problems).length === 0) announce.mutate(startOfChinaDay(day));
  }

  return (
    <section className="card" data-testid="shop-closure">
      <h2>{t('shop.closure')}</h2>
      {operator.closure ? (
        <Notice kind="warning" testId="shop-closure-announced">
          {t('shop.closureAnnounced', { date: formatDate(operator.closure.effectiveAt, language), announced: formatDate(operator.closure.announcedAt, language) })}
        </Notice>
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate>
          <p className="muted">{t('shop.closureIntro')}</p>
          <Field
            name="closureDate"
            label={t('shop.closureDate')}
            type="date"
            min={earliest}
            hint={t('shop.closureHint', { date: formatDate(startOfChinaDay(earliest), language) })}
            error={invalid.date && t(invalid.date, { date: formatDate(startOfChinaDay(earliest), language) })}
          />
          <label className="check">
            <input type="checkbox" name="closureConfirm" data-testid="closure-confirm" />
            <span>{t('shop.closureConfirm')}</span>
          </label>
          {invalid.confirm && (
            <small className="field-error" data-testid="closureConfirm-error">
              {t(invalid.confirm)}
            </small>
          )}
          <ErrorBanner error={announce.error} testId="closure-error" />
          <button type="submit" className="button danger-outline" data-testid="closure-submit" disabled={announce.isPending}>
            {t('shop.closureSubmit')}
          </button>
        </form>
      )}
    </section>
  );
}

/** The shop's own products, each with a way to edit it. */
function ProductsCard({ operatorId }: { operatorId: string }) {
  const { t } = useTranslation();
  const products = useProductList({ operatorId, limit: 50 });
  const items = products.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="card" data-testid="shop-products">
      <div className="section-head">
        <h2>{t('shop.products')}</h2>
      </div>
      <Link to="/shop/products/new" className="button primary" data-testid="shop-new-product">
        + {t('shop.newProduct')}
      </Link>
      {products.isPending ? (
        <Loading />
      ) : products.isError ? (
        <ErrorBanner error={products.error} />
      ) : items.length === 0 ? (
        <p className="empty">{t('shop.noProducts')}</p>
      ) : (
        <ul className="own-products">
          {items.map((product) => (
            <li key={product.id} data-testid="shop-product" data-product-id={product.id}>
              {product.image && <img src={product.image} alt="" />}
              <div className="own-product-text">
                <Link to={`/products/${product.id}`} className="own-product-title">
                  {product.title}
                </Link>
                <span className="price">{formatFen(product.price)}</span>
              </div>
              <Link to={`/shop/products/${product.id}/edit`} className="button secondary small" data-testid="shop-edit-product">
                {t('shop.edit')}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {products.hasNextPage && (
        <button type="button" className="button secondary" disabled={products.isFetchingNextPage} onClick={() => void products.fetchNextPage()}>
          {t('common.loadMore')}
        </button>
      )}
    </section>
  );
}

/** An approved shop's console: storefront, orders, products, disclosure preview, re-verification, deposit, closure. */
export function ShopDashboard({ operator }: { operator: Operator }) {
  const { t, i18n } = useTranslation();
  const { notice } = useNavigationState();
  const language = i18n.resolvedLanguage;
  const closed = operator.closure !== null && new Date(operator.closure.effectiveAt).getTime() <= Date.now();

  return (
    <div className="page" data-testid="shop-dashboard">
      <PageHeader title={operator.shopName} />
      {(notice === 'productCreated' || notice === 'productSaved') && <Notice testId="shop-notice">{t(`shop.notices.${notice}`)}</Notice>}
      <div className="status-head">
        <span className="pill ok" data-testid="operator-status-label">
          {t('shop.statusApproved')}
        </span>
        <span className="muted">{operator.kind === 'enterprise' ? t('shop.kindEnterprise') : t('shop.kindIndividual')}</span>
      </div>
      {operator.salesSuspended && !closed && (
        <Notice kind="warning" testId="shop-suspended">
          {t('shop.suspended')}
        </Notice>
      )}
      {closed && (
        <Notice kind="warning" testId="shop-closed">
          {t('shop.closedNow')}
        </Notice>
      )}
      <Link to={`/shops/${operator.id}`} className="button secondary" data-testid="shop-storefront-link">
        {t('shop.storefrontLink')} ›
      </Link>
      <Link to="/operator/disputes" className="button secondary" data-testid="shop-disputes-link">
        {t('disputes.inbox.shopLink')} ›
      </Link>
      <ShopOrdersCard operatorId={operator.id} />
      <ProductsCard operatorId={operator.id} />
      <section className="card">
        <h2>{t('shop.disclosurePreview')}</h2>
        <p className="fine-print">{t('shop.disclosureHint')}</p>
        <DisclosureBlock disclosure={operator.disclosure} testId="shop-disclosure" />
      </section>
      <section className="card" data-testid="shop-verification">
        <h2>{t('shop.verification')}</h2>
        <dl className="facts">
          {operator.verifiedAt && (
            <div>
              <dt>{t('shop.verifiedAt')}</dt>
              <dd>{formatDate(operator.verifiedAt, language)}</dd>
            </div>
          )}
          {operator.reverificationDueAt && (
            <div>
              <dt>{t('shop.reverificationDue')}</dt>
              <dd data-testid="shop-reverification-due">{formatDate(operator.reverificationDueAt, language)}</dd>
            </div>
          )}
        </dl>
        <p className="fine-print">{t('shop.reverificationHint')}</p>
      </section>
      <DepositCard operatorId={operator.id} />
      <ClosureCard operator={operator} />
      <p className="switch-link">
        <Link to="/service-provider" data-testid="shop-to-service-provider">
          {t('shop.serviceProviderLink')}
        </Link>
      </p>
    </div>
  );
}
