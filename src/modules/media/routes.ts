import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { useZod } from '../../http/openapi.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { auditContextOf, canReadRequest, canWriteRequest, forbidden, requirePermission, type Principal } from '../identity/index.ts';
import { getServiceRequest, type ServiceRequest } from '../requests/index.ts';
import { MAX_PHOTO_BYTES, MAX_PHOTOS, PhotoError } from './image.ts';
import { acceptMultipart, readMultipartForm } from './multipart.ts';
import { presentPhotoForStaff } from './presenter.ts';
import { attachPhotos, getPhoto, getPublicPhoto, listRequestPhotos, preparePhotos, type RequestPhoto } from './service.ts';

const TAGS = ['Service requests'];
const refParams = z
  .object({ ref: z.string().regex(/^(\d{1,15}|[A-Za-z0-9]{1,12}(-[A-Za-z0-9]{1,12}){1,3})$/, 'must be a request id or a tracking number such as TV-2026-000001') })
  .strict();
const idParams = z.object({ id: z.string().regex(/^\d{1,15}$/, 'must be a photo id') }).strict();
const actorOf = (p: Principal): string => (p.kind === 'staff' ? `staff:${p.email}` : p.kind === 'api_key' ? `api_key:${p.name}` : 'anonymous');
const yes = (v: unknown): boolean => typeof v === 'string' && ['1', 'true', 'on', 'yes'].includes(v.toLowerCase());

/** Sends a photo's bytes with a strong ETag (its SHA-256) and the given cache policy; 304 when unchanged. */
function sendPhoto(reply: FastifyReply, ifNoneMatch: string | undefined, m: RequestPhoto & { data: Uint8Array }, cacheControl: string) {
  const etag = `"${m.sha256}"`;
  reply.header('etag', etag).header('cache-control', cacheControl).header('x-content-type-options', 'nosniff').header('content-disposition', 'inline');
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === etag)) return reply.status(304).send();
  return reply.type(m.content_type).send(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength));
}

/**
 * Photos: the public address of each public photo (`/media/{id}.jpg`, never for a confidential
 * request or service), the staff address of any photo the caller may read, and the staff upload
 * `POST /api/v1/requests/:ref/media` (multipart, field `photos`, up to three; audited).
 */
export async function registerMediaRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.get<{ Params: { file: string } }>('/media/:file', { schema: { hide: true } }, async (request, reply) => {
    const m = /^(\d{1,15})\.(jpg|webp)$/.exec(request.params.file);
    const photo = m ? await getPublicPhoto(deps, Number(m[1])) : null;
    if (!photo || (m?.[2] === 'jpg') !== (photo.content_type === 'image/jpeg')) {
      return reply.status(404).header('cache-control', 'no-store').send({ error: 'not_found', message: 'No such photo' });
    }
    // Public, but not for ever: a request made confidential later must drop out of caches within the hour.
    return sendPhoto(reply, request.headers['if-none-match'], photo, 'public, max-age=3600');
  });

  await app.register(async (scope) => {
    await acceptMultipart(scope);
    const api = useZod(scope, { bodies: 'multipart' });

    /** The request, if the caller may know it exists; otherwise the same 404 as for one that does not. */
    async function readable(principal: Principal, ref: string): Promise<ServiceRequest> {
      const r = await getServiceRequest(deps, /^\d+$/.test(ref) ? Number(ref) : ref);
      if (!canReadRequest(principal, r)) throw notFound('Service request', ref);
      return r;
    }

    api.get('/api/v1/media/:id', { preHandler: requirePermission('requests:read'), schema: { tags: TAGS, summary: 'A photo of a request (any photo the caller may read, public or not)', params: idParams } }, async (request, reply) => {
      const photo = await getPhoto(deps, Number(request.params.id));
      if (!photo) throw notFound('Photo', request.params.id);
      await readable(request.principal, String(photo.request_id)).catch(() => {
        throw notFound('Photo', request.params.id);
      });
      return sendPhoto(reply, request.headers['if-none-match'], photo, 'private, no-cache');
    });

    api.post(
      '/api/v1/requests/:ref/media',
      {
        preHandler: requirePermission('requests:write'),
        schema: {
          tags: TAGS,
          summary: 'Add photos to a request',
          description: `multipart/form-data: up to ${MAX_PHOTOS} files in the field \`photos\` (JPEG, PNG, WebP; at most ${MAX_PHOTO_BYTES / 1048576} MB each), checked by their bytes, resized to 1600 px and stripped of metadata. Optional fields: \`public\` (default true; false keeps the photos for staff only) and \`keep_exif\` (default false).`,
          params: refParams,
        },
      },
      async (request, reply) => {
        const { principal } = request;
        const r = await readable(principal, request.params.ref);
        if (!canWriteRequest(principal, r)) throw forbidden('requests:write');
        const form = await readMultipartForm(request, 'photos');
        if (form.tooLarge.length) throw new AppError('photo_too_large', 413, `photos: ${form.tooLarge.join(', ')} ${form.tooLarge.length === 1 ? 'is' : 'are'} over ${MAX_PHOTO_BYTES / 1048576} MB`, { field: 'photos' });
        if (form.tooMany) throw new AppError('too_many_photos', 400, `photos: at most ${MAX_PHOTOS} at a time`, { field: 'photos' });
        if (!form.files.length) throw new AppError('no_photos', 400, 'photos: send at least one file in the field "photos"', { field: 'photos' });
        const keepExif = yes(form.fields.keep_exif);
        const isPublic = form.fields.public === undefined ? true : yes(form.fields.public);
        const prepared = [];
        for (const f of form.files) {
          try {
            prepared.push(...(await preparePhotos([{ data: f.data, keepExif }])));
          } catch (error) {
            if (error instanceof PhotoError) throw new AppError('not_an_image', 415, `photos: ${f.filename} is not a supported image (JPEG, PNG or WebP)`, { field: 'photos' });
            throw error;
          }
        }
        await attachPhotos(deps, r.id, prepared, { public: isPublic, uploadedBy: actorOf(principal) }, async (trx, rows) => {
          await recordAudit(trx, {
            ...auditContextOf(request),
            at: deps.clock.now(),
            action: 'request.media_added',
            target: { kind: 'service_request', id: r.id },
            data: { tracking_number: r.trackingNumber, media_ids: rows.map((m) => m.id), public: isPublic, keep_exif: keepExif },
          });
        });
        reply.header('cache-control', 'no-store');
        return reply.status(201).send({ media: (await listRequestPhotos(deps, r.id)).map((m) => presentPhotoForStaff(m, r.confidential)) });
      },
    );
  });
}
