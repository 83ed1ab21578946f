import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type ReviewStatus = 'pending' | 'approved' | 'rejected';

export interface OperatorsTable {
  id: string;
  owner_id: string;
  kind: 'enterprise' | 'individual';
  shop_name: string;
  company_name: string | null;
  credit_code: string | null;
  status: ReviewStatus;
  reject_reason: string | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  /** When the platform last checked who the operator is (R3). */
  verified_at: Timestamp | null;
  reverification_due_at: Timestamp | null;
  /** Set 30 days after a missed re-verification: products stop being sold. */
  sales_suspended_at: Timestamp | null;
  closure_announced_at: Timestamp | null;
  closure_effective_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface ServiceProvidersTable {
  id: string;
  owner_id: string;
  company_name: string;
  credit_code: string;
  service: 'logistics' | 'payment' | 'marketing' | 'other';
  status: ReviewStatus;
  reject_reason: string | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  created_at: CreatedAt;
}

export type ShopRole = 'owner' | 'staff';

/** Who may act for a shop (migration 0035): its owner (a row kept by a trigger) and staff the owner added. */
export interface OperatorMembersTable {
  operator_id: string;
  user_id: string;
  role: ShopRole;
  added_by: string | null;
  created_at: CreatedAt;
}

export interface OperatorsTables {
  operators: OperatorsTable;
  operator_members: OperatorMembersTable;
  service_providers: ServiceProvidersTable;
}
