import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { MAX_PHOTOS, processPhoto, type ProcessedPhoto } from './image.ts';
import * as repo from './repository.ts';

/** Photos one request may have in all (residents' and staff's together). */
export const MAX_PHOTOS_PER_REQUEST = 12;

export type RequestPhoto = repo.MediaRow;

/** The stable public address of a photo (relative to the site). */
export const mediaPath = (m: { id: number; content_type: string }): string => `/media/${m.id}.${m.content_type === 'image/webp' ? 'webp' : 'jpg'}`;

/** Checks and processes uploaded photos (see processPhoto); throws PhotoError naming the problem. */
export async function preparePhotos(files: Array<{ data: Uint8Array; keepExif: boolean }>): Promise<ProcessedPhoto[]> {
  if (files.length > MAX_PHOTOS) throw new AppError('too_many_photos', 400, `photos: at most ${MAX_PHOTOS} at a time`);
  const out: ProcessedPhoto[] = [];
  // One at a time: each decode holds a full-size image in memory.
  for (const f of files) out.push(await processPhoto(f.data, { keepExif: f.keepExif }));
  return out;
}

/**
 * Stores processed photos on a request, in order; the same photo sent twice is kept once. Refuses
 * (409) when the request would have more than MAX_PHOTOS_PER_REQUEST photos. `within` runs in the same
 * transaction (the audit entry of a staff upload). Returns the rows.
 */
export async function attachPhotos(
  deps: Deps,
  requestId: number,
  photos: ProcessedPhoto[],
  opts: { public: boolean; uploadedBy: string },
  within?: (trx: Db, rows: RequestPhoto[]) => Promise<void>,
): Promise<RequestPhoto[]> {
  if (!photos.length) return [];
  return deps.db.transaction().execute(async (trx) => {
    const existing = await repo.lockAndCountMedia(trx, requestId);
    if (existing + photos.length > MAX_PHOTOS_PER_REQUEST) {
      throw new AppError('too_many_photos', 409, `photos: this request has ${existing} photos; at most ${MAX_PHOTOS_PER_REQUEST} in all`);
    }
    const rows: RequestPhoto[] = [];
    const at = deps.clock.now();
    for (const p of photos) {
      rows.push(await repo.insertMedia(trx, { requestId, contentType: p.contentType, width: p.width, height: p.height, data: p.data, sha256: p.sha256, public: opts.public, keepsExif: p.keepsExif, uploadedBy: opts.uploadedBy, at }));
    }
    if (within) await within(trx, rows);
    return rows;
  });
}

/** Every photo of a request, oldest first (staff see them all, public or not). */
export async function listRequestPhotos(deps: Deps, requestId: number): Promise<RequestPhoto[]> {
  return repo.selectMediaOfRequests(deps.db, [requestId]);
}

/** The photos of a request the public may see: none for a confidential request or one of a confidential service. */
export async function listPublicPhotos(deps: Deps, request: { id: number; confidential: boolean }): Promise<RequestPhoto[]> {
  if (request.confidential) return [];
  return repo.selectPublicMediaOfRequest(deps.db, request.id);
}

/** A photo with its bytes for the public, or null when it does not exist or is not public (the same answer). */
export async function getPublicPhoto(deps: Deps, id: number): Promise<(RequestPhoto & { data: Uint8Array }) | null> {
  return (await repo.selectPublicMedia(deps.db, id)) ?? null;
}

/** A photo with its bytes for staff (the caller checks they may read its request), or null. */
export async function getPhoto(deps: Deps, id: number): Promise<(RequestPhoto & { data: Uint8Array }) | null> {
  return (await repo.selectMedia(deps.db, id)) ?? null;
}
