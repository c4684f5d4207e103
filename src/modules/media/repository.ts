import type { Db } from '../../db/client.ts';
import type { MediaContentType } from './tables.ts';

/** A stored photo without its bytes. */
export interface MediaRow {
  id: number;
  request_id: number;
  content_type: MediaContentType;
  width: number;
  height: number;
  bytes: number;
  sha256: string;
  public: boolean;
  keeps_exif: boolean;
  uploaded_by: string;
  created_at: Date;
}

export interface NewMedia {
  requestId: number;
  contentType: MediaContentType;
  width: number;
  height: number;
  data: Uint8Array;
  sha256: string;
  public: boolean;
  keepsExif: boolean;
  uploadedBy: string;
  at: Date;
}

const COLUMNS = ['id', 'request_id', 'content_type', 'width', 'height', 'bytes', 'sha256', 'public', 'keeps_exif', 'uploaded_by', 'created_at'] as const;

/** Stores a photo; the same bytes already stored for the request are not stored again (returns that row). */
export async function insertMedia(db: Db, m: NewMedia): Promise<MediaRow> {
  const inserted = await db
    .insertInto('request_media')
    .values({
      request_id: m.requestId,
      content_type: m.contentType,
      width: m.width,
      height: m.height,
      bytes: m.data.byteLength,
      sha256: m.sha256,
      data: m.data,
      public: m.public,
      keeps_exif: m.keepsExif,
      uploaded_by: m.uploadedBy,
      created_at: m.at,
    })
    .onConflict((oc) => oc.columns(['request_id', 'sha256']).doNothing())
    .returning(COLUMNS)
    .executeTakeFirst();
  if (inserted) return inserted;
  return db.selectFrom('request_media').select(COLUMNS).where('request_id', '=', m.requestId).where('sha256', '=', m.sha256).executeTakeFirstOrThrow();
}

/** Photos of requests, oldest first (the first is the request's main photo). */
export async function selectMediaOfRequests(db: Db, requestIds: number[]): Promise<MediaRow[]> {
  if (!requestIds.length) return [];
  return db.selectFrom('request_media').select(COLUMNS).where('request_id', 'in', requestIds).orderBy('request_id').orderBy('id').execute();
}

/** How many photos a request has; locks the request's row, so concurrent uploads count in turn. */
export async function lockAndCountMedia(db: Db, requestId: number): Promise<number> {
  await db.selectFrom('service_requests').select('id').where('id', '=', requestId).forUpdate().execute();
  const row = await db.selectFrom('request_media').select((eb) => eb.fn.countAll<string | number>().as('n')).where('request_id', '=', requestId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One photo with its bytes, or undefined. */
export async function selectMedia(db: Db, id: number): Promise<(MediaRow & { data: Uint8Array }) | undefined> {
  return db.selectFrom('request_media').select([...COLUMNS, 'data']).where('id', '=', id).executeTakeFirst();
}

/** The public photos of a request (the rules of selectPublicMedia), oldest first. */
export async function selectPublicMediaOfRequest(db: Db, requestId: number): Promise<MediaRow[]> {
  return db
    .selectFrom('request_media as m')
    .innerJoin('service_requests as sr', 'sr.id', 'm.request_id')
    .innerJoin('services as s', 's.id', 'sr.service_id')
    .select(COLUMNS.map((c) => `m.${c}` as const))
    .where('m.request_id', '=', requestId)
    .where('m.public', '=', true)
    .where('sr.confidential', '=', false)
    .where('s.confidential', '=', false)
    .orderBy('m.id')
    .execute();
}

/**
 * One photo with its bytes if the public may see it: a public photo of a request that is not
 * confidential, of a service that is not confidential now. Otherwise undefined.
 */
export async function selectPublicMedia(db: Db, id: number): Promise<(MediaRow & { data: Uint8Array }) | undefined> {
  return db
    .selectFrom('request_media as m')
    .innerJoin('service_requests as sr', 'sr.id', 'm.request_id')
    .innerJoin('services as s', 's.id', 'sr.service_id')
    .select(COLUMNS.map((c) => `m.${c}` as const))
    .select('m.data')
    .where('m.id', '=', id)
    .where('m.public', '=', true)
    .where('sr.confidential', '=', false)
    .where('s.confidential', '=', false)
    .executeTakeFirst();
}
