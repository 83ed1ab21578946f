import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { formatDateTime } from '../../../lib/format';
import { oversightApi, type AuditFilter } from '../api';
import type { Me } from '../../../app/session';

const FIELDS = ['actorId', 'action', 'targetType', 'targetId', 'from', 'to'] as const;
type Field = (typeof FIELDS)[number];

/** The filters, kept in the URL so a filtered view can be shared and reloaded. */
function useFilter(): [AuditFilter, (next: AuditFilter) => void] {
  const [params, setParams] = useSearchParams();
  const filter: AuditFilter = {};
  for (const field of FIELDS) {
    const value = params.get(field);
    if (value) filter[field] = value;
  }
  return [filter, (next) => setParams(Object.fromEntries(Object.entries(next).filter(([, v]) => v)) as Record<string, string>)];
}

function Filters({ filter, onChange }: { filter: AuditFilter; onChange: (next: AuditFilter) => void }) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<AuditFilter>(filter);
  const label = (field: Field) => (field === 'from' || field === 'to' ? t(`oversight.range.${field}`) : t(`oversight.audit.${field}`));
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onChange(draft);
  }
  return (
    <form className="form audit-filters" onSubmit={onSubmit} data-testid="audit-filters" lang={i18n.language}>
      {FIELDS.map((field) => (
        <div className="field" key={field}>
          <label htmlFor={`audit-${field}`}>{label(field)}</label>
          <input
            id={`audit-${field}`}
            type={field === 'from' || field === 'to' ? 'date' : 'text'}
            maxLength={64}
            value={draft[field] ?? ''}
            onChange={(e) => setDraft({ ...draft, [field]: e.target.value.trim() })}
            data-testid={`audit-filter-${field}`}
          />
        </div>
      ))}
      <button type="submit" className="button" data-testid="audit-apply">
        {t('oversight.audit.filter')}
      </button>
      <button type="button" className="button secondary" onClick={() => onChange({})} data-testid="audit-reset">
        {t('oversight.audit.reset')}
      </button>
    </form>
  );
}

function Entries({ filter }: { filter: AuditFilter }) {
  const { t, i18n } = useTranslation();
  const log = useInfiniteQuery({
    queryKey: ['audit-log', filter],
    queryFn: ({ pageParam }) => oversightApi.auditLog(filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  if (log.isPending) return <Loading />;
  if (log.isError) return <ErrorBanner error={log.error} testId="audit-error" />;
  const entries = log.data.pages.flatMap((page) => page.items);
  if (entries.length === 0) return <p className="muted" data-testid="audit-empty">{t('oversight.audit.empty')}</p>;
  return (
    <>
      <table className="audit-table" data-testid="audit-entries" tabIndex={0}>
        <thead>
          <tr>
            <th scope="col">{t('oversight.audit.at')}</th>
            <th scope="col">{t('oversight.audit.actor')}</th>
            <th scope="col">{t('oversight.audit.action')}</th>
            <th scope="col">{t('oversight.audit.target')}</th>
            <th scope="col">{t('oversight.audit.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} data-testid="audit-entry" data-action={e.action}>
              <td>{formatDateTime(e.at, i18n.language)}</td>
              <td>
                <span className="pill" data-testid="audit-role">{e.actorRole === 'admin' ? t('oversight.audit.roleAdmin') : t('oversight.audit.roleRegulator')}</span> <code>{e.actorId}</code>
              </td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>
                {e.targetType} <code>{e.targetId}</code>
              </td>
              <td>
                <code className="audit-detail">{JSON.stringify(e.detail)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.hasNextPage && (
        <button type="button" className="button secondary" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()} data-testid="audit-more">
          {t('oversight.audit.more')}
        </button>
      )}
    </>
  );
}

export function AuditLogPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useFilter();
  return (
    <div className="page" data-testid="audit-log-page">
      <PageHeader title={t('oversight.audit.title')} intro={t('oversight.audit.intro')} back={{ to: '/admin', label: t('admin.title') }} />
      {me.roles.includes('admin') ? (
        <>
          <Filters key={JSON.stringify(filter)} filter={filter} onChange={setFilter} />
          <p>
            <a className="button secondary" href={oversightApi.auditCsvUrl(filter)} download data-testid="audit-export">
              {t('oversight.audit.export')}
            </a>{' '}
            <span className="muted">{t('oversight.audit.exportHint')}</span>
          </p>
          <Entries filter={filter} />
        </>
      ) : (
        <Notice kind="warning" testId="audit-forbidden">
          {t('oversight.audit.notAdmin')}
        </Notice>
      )}
    </div>
  );
}
