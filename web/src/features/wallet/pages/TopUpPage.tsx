import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { fenToYuan, formatFen } from '../../../lib/money';
import { MAX_WALLET_AMOUNT, readAmount, refreshWallet, topUpReturn, useWallet, WALLET_KEY, walletApi, type AmountProblem, type TopUp } from '../api';

/** ¥50, ¥100, ¥500. */
const QUICK_PICKS = [5_000, 10_000, 50_000] as const;
const topUpKey = (id: string) => [WALLET_KEY, 'topUp', id] as const;

/** Step 1: how much (filled in when a checkout asked for its shortfall). Creates the top-up (pending) and hands its id to the URL. */
function AmountStep({ initial, onCreated }: { initial: number | null; onCreated: (topUp: TopUp) => void }) {
  const { t } = useTranslation();
  const keys = useIdempotencyKeys();
  const wallet = useWallet();
  const [text, setText] = useState(initial === null ? '' : fenToYuan(initial));
  const [problem, setProblem] = useState<AmountProblem | null>(null);
  const create = useMutation({
    mutationFn: (amount: number) => keys.send({ amount }, (key) => walletApi.createTopUp(amount, key)),
    onSuccess: ({ topUp }) => onCreated(topUp),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const read = readAmount(text, { max: MAX_WALLET_AMOUNT });
    setProblem('problem' in read ? read.problem : null);
    if ('fen' in read) create.mutate(read.fen);
  }

  return (
    <form className="form card" onSubmit={onSubmit} noValidate data-testid="top-up-form">
      {wallet.data && (
        <p className="muted" data-testid="top-up-current-balance">
          {t('topUp.newBalance')} {formatFen(wallet.data.balance)}
        </p>
      )}
      <Field
        name="amount"
        label={t('topUp.amount')}
        inputMode="decimal"
        autoComplete="off"
        placeholder={t('topUp.amountPlaceholder')}
        value={text}
        onChange={(event) => setText(event.target.value)}
        error={problem ? t(problem.key, problem.values) : undefined}
      />
      <div className="chips" role="group" aria-label={t('topUp.quickPicks')}>
        {QUICK_PICKS.map((fen) => {
          const value = fenToYuan(fen).replace(/\.00$/, '');
          return (
            <button
              key={fen}
              type="button"
              className="chip amount-chip"
              aria-pressed={text === value}
              data-testid={`top-up-pick-${fen / 100}`}
              onClick={() => {
                setText(value);
                setProblem(null);
              }}
            >
              {formatFen(fen).replace(/\.00$/, '')}
            </button>
          );
        })}
      </div>
      <ErrorBanner error={create.error} testId="top-up-error" />
      <button type="submit" className="button primary" data-testid="top-up-submit" disabled={create.isPending}>
        {create.isPending ? t('topUp.creating') : t('topUp.submit')}
      </button>
    </form>
  );
}

/**
 * Step 2: the sandbox provider's payment sheet. "Pay" asks the sandbox provider to
 * pay, which it confirms through Agora's signed webhook, as a real provider would.
 */
function SandboxPaymentSheet({ topUp, onPaid, onCancel }: { topUp: TopUp; onPaid: (topUp: TopUp) => Promise<void>; onCancel: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const pay = useMutation({
    mutationFn: () => walletApi.completeSandboxTopUp(topUp.id),
    onSuccess: ({ topUp: paid }) => onPaid(paid),
  });

  // A sheet is modal: Escape closes it, as the × does.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !pay.isPending) onCancel();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  });

  return (
    <div className="sheet-backdrop">
      <div className="sheet" role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid="sandbox-sheet">
        <div className="sheet-head">
          <h2 id={titleId} className="sheet-title">
            <span className="sandbox-tag">{t('topUp.sheetBadge')}</span>
            {t('topUp.sheetTitle')}
          </h2>
          <button type="button" className="sheet-close" aria-label={t('topUp.cancel')} data-testid="sandbox-cancel" disabled={pay.isPending} onClick={onCancel}>
            ×
          </button>
        </div>
        <p className="sheet-amount" data-testid="sandbox-amount">
          {formatFen(topUp.amount)}
        </p>
        <dl className="facts sheet-facts">
          <div>
            <dt>{t('topUp.payee')}</dt>
            <dd>{t('topUp.payeeName')}</dd>
          </div>
          <div>
            <dt>{t('topUp.orderNo')}</dt>
            <dd className="mono">{topUp.id}</dd>
          </div>
        </dl>
        <p className="sheet-note">{t('topUp.sheetNote')}</p>
        <ErrorBanner error={pay.error} testId="sandbox-error" />
        <button type="button" className="button primary sheet-pay" data-testid="sandbox-pay" disabled={pay.isPending} onClick={() => pay.mutate()}>
          {pay.isPending ? t('topUp.paying') : t('topUp.pay', { amount: formatFen(topUp.amount) })}
        </button>
      </div>
    </div>
  );
}

/** Step 3: paid, with the balance read again after the money arrived. */
function TopUpDone({ topUp, onAgain }: { topUp: TopUp; onAgain: () => void }) {
  const { t } = useTranslation();
  const wallet = useWallet();
  return (
    <section className="card result-card" data-testid="top-up-success">
      <span className="result-icon" aria-hidden="true">
        ✓
      </span>
      <h2>{t('topUp.successTitle')}</h2>
      <p className="muted">{t('topUp.successBody', { amount: formatFen(topUp.amount) })}</p>
      <p className="wallet-label">{t('topUp.newBalance')}</p>
      {wallet.isPending ? (
        <Loading />
      ) : wallet.isError ? (
        <ErrorBanner error={wallet.error} />
      ) : (
        <p className="wallet-balance" data-testid="top-up-balance">
          {formatFen(wallet.data.balance)}
        </p>
      )}
      <div className="actions">
        <Link to="/wallet" className="button primary" data-testid="top-up-back">
          {t('topUp.backToWallet')}
        </Link>
        <button type="button" className="button secondary" data-testid="top-up-again" onClick={onAgain}>
          {t('topUp.again')}
        </button>
      </div>
    </section>
  );
}

/**
 * /wallet/top-up: amount → the sandbox payment sheet → paid. The top-up's id sits in
 * the URL (?id=…), so a reload comes back to the sheet or the result.
 */
export function TopUpPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const id = params.get('id');
  // From a checkout short of money: the shortfall to start with, and the way back once paid.
  const back = topUpReturn(params.get('back'));
  const asked = Number(params.get('amount'));
  const initial = Number.isSafeInteger(asked) && asked > 0 && asked <= MAX_WALLET_AMOUNT ? asked : null;
  const topUp = useQuery({ queryKey: topUpKey(id ?? ''), queryFn: () => walletApi.topUp(id!), enabled: id !== null });

  const startAgain = () => setParams(back ? { back } : {}, { replace: true });
  const view = (() => {
    if (id === null) {
      return (
        <AmountStep
          initial={initial}
          onCreated={(created) => {
            queryClient.setQueryData(topUpKey(created.id), { topUp: created });
            setParams(back ? { id: created.id, back } : { id: created.id }, { replace: true });
          }}
        />
      );
    }
    if (topUp.isPending) return <Loading />;
    if (topUp.isError) {
      return (
        <>
          <ErrorBanner error={topUp.error} testId="top-up-error" />
          <button type="button" className="button secondary" onClick={startAgain}>
            {t('topUp.again')}
          </button>
        </>
      );
    }
    const current = topUp.data.topUp;
    if (current.status === 'succeeded') return <TopUpDone topUp={current} onAgain={startAgain} />;
    if (current.status === 'failed') {
      return (
        <>
          <Notice kind="warning" testId="top-up-failed">
            {t('topUp.failed')}
          </Notice>
          <button type="button" className="button primary" onClick={startAgain}>
            {t('topUp.again')}
          </button>
        </>
      );
    }
    return (
      <SandboxPaymentSheet
        topUp={current}
        onCancel={() => void navigate(back ?? '/wallet')}
        onPaid={async (paid) => {
          // The new balance first, so the result never shows the old one.
          await refreshWallet(queryClient);
          queryClient.setQueryData(topUpKey(paid.id), { topUp: paid });
          // A checkout sent the buyer here for its shortfall: back to it, as it was left.
          if (back) void navigate(back, { replace: true });
        }}
      />
    );
  })();

  return (
    <div className="page" data-testid="top-up-page">
      <PageHeader
        title={t('topUp.title')}
        intro={t('topUp.intro', { max: formatFen(MAX_WALLET_AMOUNT) })}
        back={back ? { to: back, label: t('checkout.title') } : { to: '/wallet', label: t('wallet.title') }}
      />
      {view}
    </div>
  );
}
