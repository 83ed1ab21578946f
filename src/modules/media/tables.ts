import type { ColumnType } from 'kysely';

export interface UploadsTable {
  id: string;
  owner_id: string;
  /** Storage key of the cleaned image, e.g. `0194….webp`. */
  key: string;
  thumbnail_key: string;
  content_type: string;
  width: number;
  height: number;
  bytes: number;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface MediaTables {
  uploads: UploadsTable;
}
