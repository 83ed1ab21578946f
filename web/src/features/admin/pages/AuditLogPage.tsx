import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { formatDateTime } from '../../../lib/format';
import { AUDIT_ACTIONS, AUDIT_TARGETS, oversightApi, type AuditEntry, type AuditFilter } from '../api';
import { AuditDetail, auditActionLabel } from '../components/AuditDetail';
import { DataTable, morePages } from '../../../ui/DataTable';
import { isOneOf } from '../../../api/enums';
import type { Me } from '../../../app/session';

/** Who acted, in words: staff, or a shop owner changing its staff (issue 18). */
const ACTOR_ROLE_WORDS = { admin: 'oversight.audit.roleAdmin', regulator: 'oversight.audit.roleRegulator', operator: 'oversight.audit.roleOperator' } as const satisfies Record<AuditEntry['actorRole'], string>;

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
  const set = (field: Field, value: string) => setDraft({ ...draft, [field]: value.trim() });
  return (
    <form className="form audit-filters" onSubmit={onSubmit} data-testid="audit-filters" lang={i18n.language}>
      {FIELDS.map((field) => (
        <div className="field" key={field}>
          <label htmlFor={`audit-${field}`}>{label(field)}</label>
          {field === 'action' || field === 'targetType' ? (
            <select id={`audit-${field}`} value={draft[field] ?? ''} onChange={(e) => set(field, e.target.value)} data-testid={`audit-filter-${field}`}>
              <option value="">{field === 'action' ? t('oversight.audit.anyAction') : t('oversight.audit.anyTarget')}</option>
              {field === 'action'
                ? AUDIT_ACTIONS.map((action) => (
                    <option key={action} value={action}>
                      {t(`oversight.audit.actions.${action}`)}
                    </option>
                  ))
                : AUDIT_TARGETS.map((target) => (
                    <option key={target} value={target}>
                      {t(`oversight.audit.targets.${target}`)}
                    </option>
                  ))}
            </select>
          ) : (
            <input
              id={`audit-${field}`}
              type={field === 'from' || field === 'to' ? 'date' : 'text'}
              maxLength={64}
              value={draft[field] ?? ''}
              onChange={(e) => set(field, e.target.value)}
              data-testid={`audit-filter-${field}`}
            />
          )}
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

/** The entries, newest first, a page at a time over the API's cursor; who and what filter the log by a click, never by showing ids. */
function Entries({ filter, onFilter }: { filter: AuditFilter; onFilter: (next: AuditFilter) => void }) {
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
  const action = (e: AuditEntry) => auditActionLabel(t, e.action);
  const target = (e: AuditEntry) => (isOneOf(AUDIT_TARGETS, e.targetType) ? t(`oversight.audit.targets.${e.targetType}`) : '');
  return (
    <DataTable
      testId="audit-entries"
      caption={t('oversight.audit.title')}
      rows={entries}
      rowKey={(e) => e.id}
      pageSize={25}
      more={morePages(log)}
      rowProps={(e) => ({ 'data-testid': 'audit-entry', 'data-action': e.action })}
      columns={[
        { key: 'at', header: t('oversight.audit.at'), cell: (e) => formatDateTime(e.at, i18n.language), sort: (a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id) },
        {
          key: 'actor',
          header: t('oversight.audit.actor'),
          sort: (a, b) => a.actorRole.localeCompare(b.actorRole),
          cell: (e) => (
            <>
              <span className="pill" data-testid="audit-role">
                {t(ACTOR_ROLE_WORDS[e.actorRole])}
              </span>{' '}
              <button type="button" className="link-button" onClick={() => onFilter({ ...filter, actorId: e.actorId })} data-testid="audit-filter-actor">
                {t('oversight.audit.filterActor')}
              </button>
            </>
          ),
        },
        { key: 'action', header: t('oversight.audit.action'), cell: (e) => <span data-testid="audit-action">{action(e)}</span>, sort: (a, b) => action(a).localeCompare(action(b), i18n.language) },
        {
          key: 'target',
          header: t('oversight.audit.target'),
          sort: (a, b) => target(a).localeCompare(target(b), i18n.language),
          cell: (e) => (
            <>
              {target(e)}{' '}
              {e.targetType === 'dispute' ? (
                <Link to={`/admin/disputes/${e.targetId}`}>{t('oversight.audit.openDispute')} ›</Link>
              ) : (
                <button type="button" className="link-button" onClick={() => onFilter({ ...filter, targetType: e.targetType, targetId: e.targetId })}>
                  {t('oversight.audit.filterTarget')}
                </button>
              )}
            </>
          ),
        },
        { key: 'detail', header: t('oversight.audit.detail'), cell: (e) => <AuditDetail entry={e} /> },
      ]}
    />
  );
}

export function AuditLogPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useFilter();
  return (
    <div className="page" data-testid="audit-log-page">
      <PageHeader title={t('oversight.audit.title')} intro={t('oversight.audit.intro')} back={{ to: '/admin/review', label: t('admin.title') }} />
      {me.roles.includes('admin') ? (
        <>
          <Filters key={JSON.stringify(filter)} filter={filter} onChange={setFilter} />
          <p>
            <a className="button secondary" href={oversightApi.auditCsvUrl(filter)} download data-testid="audit-export">
              {t('oversight.audit.export')}
            </a>{' '}
            <span className="muted">{t('oversight.audit.exportHint')}</span>
          </p>
          <Entries filter={filter} onFilter={setFilter} />
        </>
      ) : (
        <Notice kind="warning" testId="audit-forbidden">
          {t('oversight.audit.notAdmin')}
        </Notice>
      )}
    </div>
  );
}
