import { useQuery } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { DateRange } from '../../../ui/DateRange';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { formatFen } from '../../../lib/money';
import { oversightApi, utcDate, type ReportDay, type ReportSummary, type StaffRole } from '../api';

/** One figure of the summary. */
function Figure({ label, value, testId, hint }: { label: string; value: string; testId: string; hint?: string }) {
  return (
    <div title={hint}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

/** One chart in a card; the per-day table below the charts holds the same numbers for screen readers. */
function Chart({ title, testId, children }: { title: string; testId: string; children: ReactElement }) {
  return (
    <section className="card report-chart" data-testid={testId} aria-label={title}>
      <h2>{title}</h2>
      <div style={{ width: '100%', height: 220 }}>
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
    </section>
  );
}

function Figures({ summary }: { summary: ReportSummary }) {
  const { t } = useTranslation();
  return (
    <dl className="facts report-figures" data-testid="report-figures">
      <Figure label={t('oversight.reports.gmv')} hint={t('oversight.reports.gmvHint')} value={formatFen(summary.gmv)} testId="report-gmv" />
      <Figure label={t('oversight.reports.orders')} value={String(summary.orders)} testId="report-orders" />
      <Figure label={t('oversight.reports.buyers')} value={String(summary.buyers)} testId="report-buyers" />
      <Figure label={t('oversight.reports.groupBuysCompleted')} value={String(summary.groupBuysCompleted)} testId="report-groups" />
      <Figure label={t('oversight.reports.disputesOpened')} value={String(summary.disputesOpened)} testId="report-disputes-opened" />
      <Figure label={t('oversight.reports.disputesResolved')} value={String(summary.disputesResolved)} testId="report-disputes-resolved" />
      <Figure
        label={t('oversight.reports.median')}
        value={summary.medianResolutionHours === null ? t('oversight.reports.none') : t('oversight.reports.medianValue', { hours: summary.medianResolutionHours })}
        testId="report-median"
      />
      <Figure label={t('oversight.reports.share')} value={summary.shareDisputed === null ? t('oversight.reports.none') : `${(summary.shareDisputed * 100).toFixed(1)}%`} testId="report-share" />
    </dl>
  );
}

function Charts({ days }: { days: ReportDay[] }) {
  const { t } = useTranslation();
  // Recharts draws numbers; GMV is shown in yuan (fen ÷ 100) and labelled with ¥ by the tooltip.
  const rows = days.map((d) => ({ ...d, day: d.date.slice(5), yuan: d.gmv / 100 }));
  const money = (value: unknown) => formatFen(Math.round(Number(value) * 100));
  return (
    <div className="report-charts">
      <Chart title={t('oversight.reports.chartGmv')} testId="chart-gmv">
        <BarChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" />
          <YAxis />
          <Tooltip formatter={money} />
          <Bar dataKey="yuan" name={t('oversight.reports.gmv')} fill="#e4572e" isAnimationActive={false} />
        </BarChart>
      </Chart>
      <Chart title={t('oversight.reports.chartOrders')} testId="chart-orders">
        <LineChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Line dataKey="orders" name={t('oversight.reports.orders')} stroke="#17bebb" isAnimationActive={false} />
        </LineChart>
      </Chart>
      <Chart title={t('oversight.reports.chartGroups')} testId="chart-groups">
        <BarChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Bar dataKey="groupBuysCompleted" name={t('oversight.reports.groupBuysCompleted')} fill="#76b041" isAnimationActive={false} />
        </BarChart>
      </Chart>
      <Chart title={t('oversight.reports.chartDisputes')} testId="chart-disputes">
        <LineChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Line dataKey="disputesOpened" name={t('oversight.reports.opened')} stroke="#ffc914" isAnimationActive={false} />
          <Line dataKey="disputesResolved" name={t('oversight.reports.resolved')} stroke="#2e282a" isAnimationActive={false} />
        </LineChart>
      </Chart>
      <table className="report-days" data-testid="report-days" tabIndex={0}>
        <thead>
          <tr>
            <th scope="col">{t('oversight.reports.day')}</th>
            <th scope="col">{t('oversight.reports.gmv')}</th>
            <th scope="col">{t('oversight.reports.orders')}</th>
            <th scope="col">{t('oversight.reports.groupBuysCompleted')}</th>
            <th scope="col">{t('oversight.reports.opened')}</th>
            <th scope="col">{t('oversight.reports.resolved')}</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.date} data-testid="report-day" data-date={d.date}>
              <td>{d.date}</td>
              <td>{formatFen(d.gmv)}</td>
              <td>{d.orders}</td>
              <td>{d.groupBuysCompleted}</td>
              <td>{d.disputesOpened}</td>
              <td>{d.disputesResolved}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The figures and charts for a period kept in the URL (?from=&to=), last 30 UTC days by default. */
export function ReportsView({ role }: { role: StaffRole }) {
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? utcDate(29);
  const to = params.get('to') ?? utcDate(0);
  const summary = useQuery({ queryKey: ['reports', role, from, to], queryFn: () => oversightApi.summary(role, from, to) });
  return (
    <>
      <DateRange key={`${from}:${to}`} from={from} to={to} onChange={(range) => setParams(range)} />
      {summary.isPending && <Loading />}
      {summary.isError && <ErrorBanner error={summary.error} testId="reports-error" />}
      {summary.data && (
        <>
          <Figures summary={summary.data} />
          <Charts days={summary.data.days} />
        </>
      )}
    </>
  );
}
