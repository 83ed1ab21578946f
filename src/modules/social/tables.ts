import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface NotesTable {
  id: string;
  author_id: string;
  title: string;
  /** At most 1,000 characters. */
  body: string;
  /** Image URLs from `POST /uploads`, in order. */
  images: ColumnType<string[], string, string>;
  like_count: ColumnType<number, number | undefined, number>;
  collect_count: ColumnType<number, number | undefined, number>;
  comment_count: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
  hidden_at: Timestamp | null;
  hidden_by: string | null;
  hidden_reason: string | null;
}

export interface NoteTagsTable {
  id: string;
  note_id: string;
  /** Index of the image the tag sits on. */
  image: number;
  position: number;
  product_id: string;
  sku_id: string | null;
  /** Where on the image, as fractions of its width and height. */
  x: number;
  y: number;
  clicks: ColumnType<number, number | undefined, number>;
  archived_at: Timestamp | null;
}

export interface NoteHashtagsTable {
  note_id: string;
  tag: string;
}

export interface NoteSponsorshipsTable {
  note_id: string;
  operator_id: string;
  requested_at: Timestamp;
  confirmed_at: Timestamp | null;
  confirmed_by: string | null;
}

/** R12: one note, one of its tags, and nothing else. */
export interface AttributionsTable {
  token: string;
  note_id: string;
  tag_id: string;
  created_at: Timestamp;
}

export interface NoteReactionsTable {
  id: string;
  note_id: string;
  user_id: string;
  at: Timestamp;
}

export interface NoteCommentsTable {
  id: string;
  note_id: string;
  author_id: string;
  /** A reply's comment; replies have no replies. */
  parent_id: string | null;
  body: string;
  created_at: Timestamp;
}

export interface FollowsTable {
  id: string;
  follower_id: string;
  followee_id: string;
  at: Timestamp;
}

export interface FeedSnapshotsTable {
  id: string;
  viewer_id: string | null;
  personalised: boolean;
  note_ids: string[];
  /** The newest note when it was ranked: a common snapshot is reused only while no note is newer. */
  newest_note_id: string | null;
  created_at: Timestamp;
}

/** Beside a common discover snapshot: the notes a personalised ranking draws from (feed-repo.ts `rankCommon`). */
export interface DiscoverCandidatesTable {
  snapshot_id: string;
  note_id: string;
  author_id: string;
  /** The common score as of the snapshot. */
  score: number;
  hashtags: string[];
}

export interface NoteReportsTable {
  id: string;
  note_id: string;
  reporter_id: string;
  reason: string;
  created_at: Timestamp;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
  resolution: string | null;
}

/** One search document per note (src/lib/search-documents.ts), rewritten with it. */
export interface NoteSearchTable {
  note_id: string;
  /** tsvector; written from a literal with `searchColumns` (src/db/search.ts). */
  vector: string;
}

export interface SocialTables {
  notes: NotesTable;
  note_tags: NoteTagsTable;
  note_hashtags: NoteHashtagsTable;
  note_sponsorships: NoteSponsorshipsTable;
  attributions: AttributionsTable;
  note_likes: NoteReactionsTable;
  note_collects: NoteReactionsTable;
  note_comments: NoteCommentsTable;
  follows: FollowsTable;
  feed_snapshots: FeedSnapshotsTable;
  discover_candidates: DiscoverCandidatesTable;
  note_reports: NoteReportsTable;
  note_search: NoteSearchTable;
}
