import { useState, type HTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface Column<Row> {
  key: string;
  /** The header's words; also the label a phone shows beside each cell when rows stack. */
  header: string;
  cell: (row: Row) => ReactNode;
  /** Makes the header a sort button; compares two rows ascending. */
  sort?: (a: Row, b: Row) => number;
  className?: string;
}

type Sort = { key: string; direction: 'ascending' | 'descending' };

/** The API's cursor paging as the table sees it (an infinite query's pages). */
export interface MoreRows {
  hasMore: boolean;
  loading: boolean;
  loadMore: () => Promise<unknown>;
}

/** An infinite query's next pages as a table's `more`. */
export const morePages = (query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> }): MoreRows => ({
  hasMore: query.hasNextPage,
  loading: query.isFetchingNextPage,
  loadMore: () => query.fetchNextPage(),
});

/**
 * A table for the consoles: headers that sort (aria-sort says how), pages of `pageSize`
 * rows that fetch the next page of the API's cursor paging when the reader goes past the
 * rows loaded so far, and, below 1024 px, rows that stack into cards (each cell labelled).
 * Sorting orders the rows loaded so far. With `details`, each row is its own <tbody> with
 * a second, full-width row under it (forms, addresses), so a row and its details stay one
 * element for tests and for assistive technology.
 */
export function DataTable<Row>({
  rows,
  columns,
  rowKey,
  caption,
  more,
  pageSize = 20,
  initialSort,
  rowProps,
  details,
  testId,
}: {
  rows: readonly Row[];
  columns: readonly Column<Row>[];
  rowKey: (row: Row) => string;
  caption: string;
  more?: MoreRows;
  pageSize?: number;
  initialSort?: Sort;
  rowProps?: (row: Row) => HTMLAttributes<HTMLElement> & Record<`data-${string}`, string | number | boolean | undefined>;
  details?: (row: Row) => ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<Sort | undefined>(initialSort);
  const [page, setPage] = useState(0);
  const column = columns.find((c) => c.key === sort?.key);
  const sorted = column?.sort ? [...rows].sort((a, b) => (sort?.direction === 'descending' ? -1 : 1) * column.sort!(a, b)) : rows;
  const pages = Math.max(1, Math.ceil(sorted.length / pageSize));
  const shown = Math.min(page, pages - 1);
  const visible = sorted.slice(shown * pageSize, (shown + 1) * pageSize);
  const hasNext = shown < pages - 1 || Boolean(more?.hasMore);

  function toggle(key: string) {
    setSort((current) => ({ key, direction: current?.key === key && current.direction === 'ascending' ? 'descending' : 'ascending' }));
    setPage(0);
  }
  async function next() {
    if (shown === pages - 1 && more?.hasMore) await more.loadMore();
    setPage(shown + 1);
  }

  const cells = (row: Row) =>
    columns.map((c) => (
      <td key={c.key} className={c.className} data-label={c.header}>
        {c.cell(row)}
      </td>
    ));
  return (
    <div className="data-table-wrap">
      <table className="data-table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const state = sort?.key === c.key ? sort.direction : 'none';
              return (
                <th key={c.key} scope="col" className={c.className} aria-sort={c.sort ? state : undefined}>
                  {c.sort ? (
                    <button type="button" className="sort-button" data-testid={`sort-${c.key}`} onClick={() => toggle(c.key)}>
                      {c.header}
                      <span aria-hidden="true" className="sort-mark">
                        {state === 'ascending' ? '▲' : state === 'descending' ? '▼' : '↕'}
                      </span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        {details ? (
          visible.map((row) => (
            <tbody key={rowKey(row)} className="data-row-group" {...rowProps?.(row)}>
              <tr>{cells(row)}</tr>
              <tr className="data-details">
                <td colSpan={columns.length}>{details(row)}</td>
              </tr>
            </tbody>
          ))
        ) : (
          <tbody>
            {visible.map((row) => (
              <tr key={rowKey(row)} {...rowProps?.(row)}>
                {cells(row)}
              </tr>
            ))}
          </tbody>
        )}
      </table>
      {(pages > 1 || more?.hasMore) && (
        <nav className="pager" aria-label={t('common.pages')}>
          <button type="button" className="button secondary small" disabled={shown === 0} onClick={() => setPage(shown - 1)} data-testid="page-previous">
            ‹ {t('common.previousPage')}
          </button>
          <span className="muted" data-testid="page-number" aria-live="polite">
            {t('common.pageOf', { page: shown + 1, pages: more?.hasMore ? `${pages}+` : pages })}
          </span>
          <button type="button" className="button secondary small" disabled={!hasNext || more?.loading} onClick={() => void next()} data-testid="page-next">
            {more?.loading ? t('common.loading') : t('common.nextPage')} ›
          </button>
        </nav>
      )}
    </div>
  );
}
