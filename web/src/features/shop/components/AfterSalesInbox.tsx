import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { DataTable, morePages } from '../../../ui/DataTable';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { SelectField } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { formatFen } from '../../../lib/money';
import { isOneOf } from '../../../api/enums';
import { useNow } from '../../orders/api';
import { afterSaleChanged, AFTER_SALE_TYPES, AFTER_SALES_KEY, afterSalesApi, byDeadline, GROUP_STATUSES, INBOX_GROUPS, type AfterSaleRow, type BulkResult, type Cursors, type InboxGroup } from '../afterSales';
import { AfterSaleCountdown, AfterSaleStatusPill, useShopProblems } from './AfterSaleParts';

/** The filters live in the address (?group=&type=), so the way back from a request keeps them. */
function useFilters() {
  const [params, setParams] = useSearchParams();
  const groupParam = params.get('group') ?? 'pending';
  const typeParam = params.get('type') ?? '';
  const group = groupParam === 'all' || isOneOf(INBOX_GROUPS, groupParam) ? (groupParam as InboxGroup | 'all') : 'pending';
  const type = isOneOf(AFTER_SALE_TYPES, typeParam) ? typeParam : undefined;
  const set = (next: { group?: InboxGroup | 'all'; type?: string }) => {
    const merged = { group, type: type ?? '', ...next };
    setParams(merged.type ? { group: merged.group, type: merged.type } : { group: merged.group }, { replace: true });
  };
  return { group, type, set };
}

/**
 * The shop's 售后 inbox: the requests of one group (or all), the nearest deadline first, each
 * with its order number, the buyer's display name (never a phone or an address), what is asked
 * and why, the amount and the time left. Requests waiting on the shop's decision can be
 * selected and approved together; each row then says what became of it.
 */
export function AfterSalesInbox({ operatorId }: { operatorId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const now = useNow();
  const problems = useShopProblems();
  const { group, type, set } = useFilters();
  const statuses = group === 'all' ? INBOX_GROUPS.flatMap((g) => GROUP_STATUSES[g]) : GROUP_STATUSES[group];
  const list = useInfiniteQuery({
    queryKey: [...AFTER_SALES_KEY, 'shop', operatorId, group, type ?? 'all'],
    queryFn: ({ pageParam }) => afterSalesApi.groupPage(operatorId, statuses, type, pageParam),
    initialPageParam: undefined as Cursors | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    // Buyers and the timers move requests between groups: each visit reads the inbox afresh.
    staleTime: 0,
  });
  const rows = (list.data?.pages.flatMap((page) => page.items) ?? []).sort(byDeadline);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [results, setResults] = useState<ReadonlyMap<string, BulkResult & { orderNumber: string }>>(new Map());
  const selectable = (row: AfterSaleRow) => row.status === 'requested';
  const chosen = rows.filter((row) => selected.has(row.id) && selectable(row));

  const approve = useMutation({
    mutationFn: (ids: string[]) => keys.send({ approve: ids }, (key) => afterSalesApi.bulkApprove(operatorId, ids, key)),
    onSuccess: async ({ results: answered }) => {
      // The order numbers as they were asked: an approved request leaves this group's rows.
      const numbers = new Map(chosen.map((row) => [row.id, row.orderNumber]));
      setResults(new Map(answered.map((result) => [result.id, { ...result, orderNumber: numbers.get(result.id) ?? '' }])));
      setSelected(new Set());
      setConfirming(false);
      await afterSaleChanged(queryClient);
    },
  });
  function toggle(id: string) {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  return (
    <>
      <div className="chips touch" role="group" aria-label={t('shop.afterSales.filters.status')} data-testid="after-sales-groups">
        {(['all', ...INBOX_GROUPS] as const).map((option) => (
          <button key={option} type="button" className="chip" aria-pressed={group === option} data-testid={`after-sales-group-${option}`} onClick={() => set({ group: option })}>
            {option === 'all' ? t('shop.afterSales.filters.all') : t(`shop.afterSales.groups.${option}`)}
          </button>
        ))}
      </div>
      <div className="after-sales-filters">
        <SelectField name="after-sales-type" label={t('shop.afterSales.filters.type')} value={type ?? ''} onChange={(event) => set({ type: event.target.value })} data-testid="after-sales-type">
          <option value="">{t('shop.afterSales.filters.allTypes')}</option>
          {AFTER_SALE_TYPES.map((option) => (
            <option key={option} value={option}>
              {t(`shop.afterSales.types.${option}`)}
            </option>
          ))}
        </SelectField>
      </div>

      <div className="bulk-bar" data-testid="after-sales-bulk-bar">
        <span aria-live="polite" data-testid="after-sales-selected">
          {t('shop.afterSales.bulk.selected', { count: chosen.length })}
        </span>
        <button type="button" className="button primary" disabled={chosen.length === 0} data-testid="after-sales-bulk-approve" onClick={() => setConfirming(true)}>
          {t('shop.afterSales.bulk.approve')}
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('shop.afterSales.bulk.title', { count: chosen.length })}
        confirmLabel={t('shop.afterSales.bulk.confirm')}
        cancelLabel={t('shop.afterSales.bulk.cancel')}
        busy={approve.isPending}
        testId="after-sales-bulk"
        onConfirm={() => approve.mutate(chosen.map((row) => row.id))}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('shop.afterSales.bulk.body')}</p>
        <ul>
          {chosen.map((row) => (
            <li key={row.id}>
              {row.orderNumber} · {t(`shop.afterSales.types.${row.type}`)} · {formatFen(row.amount)}
            </li>
          ))}
        </ul>
        <ErrorBanner error={approve.error} testId="after-sales-bulk-error" />
      </ConfirmDialog>
      {results.size > 0 && (
        <section className="card" aria-label={t('shop.afterSales.bulk.results')} data-testid="after-sales-bulk-results">
          <h2>{t('shop.afterSales.bulk.results')}</h2>
          <ul className="bulk-results">
            {[...results.values()].map((result) => (
              <li key={result.id} data-testid="after-sales-bulk-result" data-ok={result.ok}>
                <span className={`pill ${result.ok ? 'ok' : 'bad'}`}>{result.ok ? t('shop.afterSales.bulk.ok') : t('shop.afterSales.bulk.failed', { reason: problems.codeWords(result.code) })}</span> {result.orderNumber}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="card" data-testid="after-sales-inbox" aria-label={t('shop.afterSales.title')}>
        {list.isPending ? (
          <Loading />
        ) : !list.data ? (
          <ErrorBanner error={list.error} testId="after-sales-error" />
        ) : rows.length === 0 ? (
          <p className="empty" data-testid="after-sales-empty">
            {t('shop.afterSales.empty')}
          </p>
        ) : (
          <DataTable
            testId="after-sales-table"
            caption={t('shop.afterSales.title')}
            rows={rows}
            rowKey={(row) => row.id}
            more={morePages(list)}
            initialSort={{ key: 'deadline', direction: 'ascending' }}
            rowProps={(row) => ({
              'data-testid': 'after-sale-row',
              'data-request-id': row.id,
              'data-status': row.status,
              'data-result': results.has(row.id) ? (results.get(row.id)!.ok ? 'ok' : 'failed') : undefined,
            })}
            columns={[
              {
                key: 'select',
                header: t('shop.afterSales.columns.select'),
                cell: (row) =>
                  selectable(row) ? (
                    <label className="row-select">
                      <input type="checkbox" checked={selected.has(row.id)} onChange={() => toggle(row.id)} data-testid="after-sale-select" />
                      <span className="visually-hidden">{t('shop.afterSales.selectRow', { number: row.orderNumber })}</span>
                    </label>
                  ) : null,
              },
              {
                key: 'number',
                header: t('shop.afterSales.columns.number'),
                sort: (a, b) => a.orderNumber.localeCompare(b.orderNumber),
                cell: (row) => (
                  <Link to={`/shop/after-sales/${row.id}`} data-testid="after-sale-link">
                    {row.orderNumber}
                  </Link>
                ),
              },
              { key: 'buyer', header: t('shop.afterSales.columns.buyer'), cell: (row) => <span data-testid="after-sale-buyer">{row.buyer.displayName}</span> },
              { key: 'type', header: t('shop.afterSales.columns.type'), cell: (row) => <span data-testid="after-sale-type">{t(`shop.afterSales.types.${row.type}`)}</span> },
              { key: 'reason', header: t('shop.afterSales.columns.reason'), cell: (row) => <span data-testid="after-sale-reason">{t(`shop.afterSales.reasons.${row.reason}`)}</span> },
              {
                key: 'amount',
                header: t('shop.afterSales.columns.amount'),
                className: 'num',
                sort: (a, b) => a.amount - b.amount,
                cell: (row) => (
                  <span className="price" data-testid="after-sale-amount">
                    {formatFen(row.amount)}
                  </span>
                ),
              },
              { key: 'deadline', header: t('shop.afterSales.columns.deadline'), sort: byDeadline, cell: (row) => <AfterSaleCountdown deadline={row.deadline} now={now} /> },
              { key: 'status', header: t('shop.afterSales.columns.status'), cell: (row) => <AfterSaleStatusPill request={row} /> },
            ]}
          />
        )}
      </section>
    </>
  );
}
