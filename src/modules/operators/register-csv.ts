import { stringify } from 'csv-stringify/sync';
import type { OperatorView, ServiceProviderView } from './views.js';

export const REGISTER_COLUMNS = [
  'type',
  'id',
  'kind',
  'name',
  'company_name',
  'credit_code',
  'service',
  'disclosure',
  'status',
  'registered_at',
  'reviewed_at',
  'verified_at',
  'closure_effective_at',
] as const;

/**
 * The register as CSV: only what R1 makes public, plus status and dates. A BOM
 * first, so spreadsheet programs read the Chinese text as UTF-8.
 */
export function registerCsv(register: { operators: OperatorView[]; serviceProviders: ServiceProviderView[] }): string {
  const rows = [
    ...register.operators.map((op) => ({
      type: 'operator',
      id: op.id,
      kind: op.kind,
      name: op.shopName,
      company_name: op.disclosure.companyName ?? '',
      credit_code: op.disclosure.creditCode ?? '',
      service: '',
      disclosure: op.disclosure.notice,
      status: op.status,
      registered_at: op.createdAt,
      reviewed_at: op.reviewedAt ?? '',
      verified_at: op.verifiedAt ?? '',
      closure_effective_at: op.closure?.effectiveAt ?? '',
    })),
    ...register.serviceProviders.map((sp) => ({
      type: 'service_provider',
      id: sp.id,
      kind: 'enterprise',
      name: sp.companyName,
      company_name: sp.companyName,
      credit_code: sp.creditCode,
      service: sp.service,
      disclosure: `经营者：${sp.companyName}\u3000统一社会信用代码：${sp.creditCode}`,
      status: sp.status,
      registered_at: sp.createdAt,
      reviewed_at: sp.reviewedAt ?? '',
      verified_at: '',
      closure_effective_at: '',
    })),
  ];
  return `\uFEFF${stringify(rows, { header: true, columns: [...REGISTER_COLUMNS] })}`;
}
