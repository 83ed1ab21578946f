import { useTranslation } from 'react-i18next';
import { DataTable } from '../../../ui/DataTable';
import { formatDateTime } from '../../../lib/format';
import { formatFen } from '../../../lib/money';
import { accountLabel, transferExplanation, transferLabel, walletEffect, type LedgerLine } from '../ledger';

const SIGN = { out: '−', in: '+', held: '', none: '' } as const;

/**
 * Ledger lines as staff read them (a dispute case's money log): what each line is, in words;
 * from which account to which; the amount signed by what it did to a user's wallet; and
 * its state. A receipt's `order_receipt` line confirms the hold the payment made, and says
 * so, instead of reading like a second charge.
 */
export function MoneyLog({ lines, testId }: { lines: readonly LedgerLine[]; testId: string }) {
  const { t, i18n } = useTranslation();
  const byTime = (a: LedgerLine, b: LedgerLine) => a.at.localeCompare(b.at) || a.transferId.localeCompare(b.transferId);
  return (
    <DataTable
      testId={testId}
      caption={t('disputes.admin.ledger')}
      rows={lines}
      rowKey={(line) => line.transferId}
      initialSort={{ key: 'at', direction: 'ascending' }}
      rowProps={(line) => ({
        'data-testid': 'dispute-ledger-line',
        'data-code': line.code,
        'data-kind': line.kind,
        'data-debit': line.debitAccount,
        'data-credit': line.creditAccount,
        'data-amount': line.amount,
        'data-status': line.status,
        'data-effect': walletEffect(line),
      })}
      columns={[
        { key: 'at', header: t('wallet.log.at'), cell: (line) => formatDateTime(line.at, i18n.resolvedLanguage), sort: byTime },
        {
          key: 'what',
          header: t('wallet.log.what'),
          cell: (line) => (
            <>
              <strong data-testid="ledger-line-label">{transferLabel(t, line.code)}</strong>
              <br />
              <span className="fine-print" data-testid="ledger-line-explain">
                {transferExplanation(t, line.code)}
              </span>
            </>
          ),
        },
        {
          key: 'direction',
          header: t('wallet.log.direction'),
          cell: (line) => (
            <span data-testid="ledger-line-direction">
              {accountLabel(t, line.debitAccount)} → {accountLabel(t, line.creditAccount)}
            </span>
          ),
        },
        {
          key: 'amount',
          header: t('wallet.log.amount'),
          className: 'num',
          sort: (a, b) => a.amount - b.amount,
          cell: (line) => {
            const effect = walletEffect(line);
            return (
              <>
                <span className={`statement-amount ${effect}`} data-testid="ledger-line-amount">
                  {SIGN[effect]}
                  {formatFen(line.amount)}
                </span>
                <br />
                <span className="fine-print">{t(`wallet.effect.${effect}`)}</span>
              </>
            );
          },
        },
        { key: 'status', header: t('wallet.log.status'), cell: (line) => t(`disputes.admin.lineStatus.${line.status}`) },
      ]}
    />
  );
}
