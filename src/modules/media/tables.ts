import type { ColumnType, Generated } from 'kysely';

/** Kysely types of the media module's table (migration 0018). schema.ts folds them into Database. */

export const MEDIA_CONTENT_TYPES = ['image/jpeg', 'image/webp'] as const;
export type MediaContentType = (typeof MEDIA_CONTENT_TYPES)[number];

export interface RequestMediaTable {
  id: Generated<number>;
  request_id: number;
  content_type: MediaContentType;
  width: number;
  height: number;
  bytes: number;
  sha256: string;
  /** Buffer from node-postgres, Uint8Array from PGlite. */
  data: ColumnType<Uint8Array, Uint8Array, Uint8Array>;
  public: ColumnType<boolean, boolean | undefined, boolean>;
  keeps_exif: ColumnType<boolean, boolean | undefined, boolean>;
  uploaded_by: string;
  created_at: ColumnType<Date, Date | string, Date | string>;
}

export interface MediaTables {
  request_media: RequestMediaTable;
}
