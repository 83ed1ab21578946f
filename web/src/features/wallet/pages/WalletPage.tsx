import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { transferLabel } from '../ledger';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { formatDateTime } from '../../../lib/format';
import { formatFen, formatSignedFen } from '../../../lib/money';
import { useNavigationState } from '../../../app/session';
import { useStatement, useWallet, type WalletLine } from '../api';

/** One statement line: why, when, how much (signed, coloured by direction) and, unless settled, its state. */
function StatementLine({ line }: { line: WalletLine }) {
  const { t, i18n } = useTranslation();
  const label = transferLabel(t, line.code);
  const direction = line.amount > 0 ? 'in' : line.amount < 0 ? 'out' : 'none';
  // Money pending toward this wallet (an R12 reward) is on its way in, not held in escrow.
  const state = line.state === 'pending' && line.amount > 0 ? 'incoming' : line.state;
  return (
    <li className="statement-line" data-testid="statement-line" data-code={line.code} data-state={line.state} data-amount={line.amount}>
      <div className="statement-main">
        <span className="statement-label">{label}</span>
        <time className="statement-date" dateTime={line.createdAt}>
          {formatDateTime(line.createdAt, i18n.resolvedLanguage)}
        </time>
      </div>
      <div className="statement-end">
        <span className={`statement-amount ${direction}`} data-testid="statement-amount">
          {formatSignedFen(line.amount)}
        </span>
        {state !== 'posted' && (
          <span className={`pill ${line.state === 'pending' ? 'wait' : 'muted'}`} data-testid="statement-state">
            {t(`wallet.states.${state}`)}
          </span>
        )}
      </div>
    </li>
  );
}

/** The wallet: what can be spent, what is held in escrow, and every movement, newest first. */
export function WalletPage() {
  const { t } = useTranslation();
  const { notice, amount } = useNavigationState();
  const wallet = useWallet();
  const statement = useStatement();
  const lines = statement.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="page" data-testid="wallet-page">
      <title>{`${t('wallet.title')} · ${t('app.name')}`}</title>
      <h1>{t('wallet.title')}</h1>
      {notice === 'withdrawn' && amount !== undefined && <Notice testId="wallet-notice">{t('wallet.withdrawn', { amount: formatFen(amount) })}</Notice>}
      <section className="card wallet-card" aria-labelledby="wallet-balance-label">
        {wallet.isPending ? (
          <Loading />
        ) : wallet.isError ? (
          <ErrorBanner error={wallet.error} testId="wallet-error" />
        ) : (
          <>
            <p id="wallet-balance-label" className="wallet-label">
              {t('wallet.balance')}
            </p>
            <p className="wallet-balance" data-testid="wallet-balance">
              {formatFen(wallet.data.balance)}
            </p>
            <dl className="wallet-held">
              <dt>{t('wallet.held')}</dt>
              <dd data-testid="wallet-held">{formatFen(wallet.data.held)}</dd>
            </dl>
            <p className="fine-print">{t('wallet.heldHint')}</p>
            {wallet.data.incoming > 0 && (
              <>
                <dl className="wallet-held">
                  <dt>{t('wallet.incoming')}</dt>
                  <dd data-testid="wallet-incoming">{formatFen(wallet.data.incoming)}</dd>
                </dl>
                <p className="fine-print">{t('wallet.incomingHint')}</p>
              </>
            )}
          </>
        )}
        <div className="button-row">
          <Link to="/wallet/top-up" className="button primary" data-testid="wallet-top-up">
            {t('wallet.topUp')}
          </Link>
          <Link to="/wallet/withdraw" className="button secondary" data-testid="wallet-withdraw">
            {t('wallet.withdraw')}
          </Link>
        </div>
      </section>
      <section className="card" data-testid="wallet-statement">
        <h2>{t('wallet.statement')}</h2>
        {statement.isPending ? (
          <Loading />
        ) : !statement.data ? (
          <ErrorBanner error={statement.error} testId="statement-error" />
        ) : lines.length === 0 ? (
          <p className="empty" data-testid="statement-empty">
            {t('wallet.noLines')}
          </p>
        ) : (
          <ul className="statement">
            {lines.map((line) => (
              <StatementLine key={line.id} line={line} />
            ))}
          </ul>
        )}
        {statement.isError && statement.data && <ErrorBanner error={statement.error} testId="statement-more-error" />}
        {statement.hasNextPage && (
          <button
            type="button"
            className="button secondary"
            data-testid="statement-more"
            disabled={statement.isFetchingNextPage}
            onClick={() => void statement.fetchNextPage()}
          >
            {statement.isFetchingNextPage ? t('common.loading') : t('common.loadMore')}
          </button>
        )}
      </section>
    </div>
  );
}
