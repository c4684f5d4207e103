import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import sharp from 'sharp';
import { buildApp } from '../../app.ts';
import { openTestDatabase } from '../../test/database.ts';
import { createPothole, seedTestville, staffSession } from '../../test/factories.ts';
import { listAuditEvents } from '../audit/index.ts';
import { MAX_EDGE, PhotoError, processPhoto } from './image.ts';
import { gpsLatitudeOf, multipartBody, type FilePart } from './test-helpers.ts';

/** Photo processing, and the staff API's photo upload and read. */
const t = await openTestDatabase();
await seedTestville(t.deps);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

const agent = await staffSession(app, t.deps, ['agent']);
const analyst = await staffSession(app, t.deps, ['analyst']);
const parksCrew = await staffSession(app, t.deps, ['bureau_staff'], ['parks']);

/** A landscape photo stored sideways (EXIF orientation 6: turn 90° clockwise to view) with a GPS position. */
const sideways = await sharp({ create: { width: 3200, height: 2400, channels: 3, background: '#805020' } })
  .withExif({ IFD0: { Make: 'TestPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 30/1 36/1', GPSLongitudeRef: 'W', GPSLongitude: '122/1 36/1 0/1' } })
  .withMetadata({ orientation: 6 })
  .jpeg()
  .toBuffer();
const png = await sharp({ create: { width: 400, height: 300, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
const file = (filename: string, data: Buffer, contentType = 'image/jpeg'): FilePart => ({ name: 'photos', filename, contentType, data });

describe('processPhoto', () => {
  test('turns the photo upright, fits it in 1600 px and drops every piece of metadata', async () => {
    const p = await processPhoto(sideways, { keepExif: false });
    assert.deepEqual([p.width, p.height], [1200, MAX_EDGE], 'portrait after rotation, long edge 1600');
    const meta = await sharp(p.data).metadata();
    assert.equal(meta.exif, undefined);
    assert.equal(meta.orientation, undefined);
    assert.equal(p.contentType, 'image/jpeg');
    assert.match(p.sha256, /^[0-9a-f]{64}$/);
  });

  test('keeps the EXIF block (location included) only when asked, with the orientation reset', async () => {
    const p = await processPhoto(sideways, { keepExif: true });
    const meta = await sharp(p.data).metadata();
    assert.ok(Math.abs((gpsLatitudeOf(meta.exif) ?? 0) - 45.51) < 1e-6);
    assert.equal(meta.orientation, 1, 'already upright: a viewer must not turn it again');
  });

  test('small photos are not enlarged; PNG with transparency becomes a JPEG on white', async () => {
    const p = await processPhoto(png, { keepExif: false });
    assert.deepEqual([p.width, p.height, p.contentType], [400, 300, 'image/jpeg']);
  });

  test('text, a truncated JPEG, an SVG and nothing at all are not photos', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    for (const [bytes, problem] of [
      [Buffer.from('just some text'), 'not_an_image'],
      [sideways.subarray(0, 500), 'not_an_image'],
      [svg, 'not_an_image'],
      [Buffer.alloc(0), 'empty'],
    ] as const) {
      await assert.rejects(processPhoto(bytes, { keepExif: false }), (e: unknown) => e instanceof PhotoError && e.problem === problem);
    }
  });
});

describe('POST /api/v1/requests/:ref/media', () => {
  test('an agent adds photos (audited); the request detail lists them; staff-only photos stay off the public site', async () => {
    const r = (await createPothole(t.deps)).request;
    const body = multipartBody([['public', 'false']], [file('crack.jpg', sideways), file('sign.png', png, 'image/png')]);
    const res = await app.inject({ method: 'POST', url: `/api/v1/requests/${r.trackingNumber}/media`, headers: { ...agent.session.headers, ...body.headers }, payload: body.payload });
    assert.equal(res.statusCode, 201, res.body);
    const { media } = res.json() as { media: Array<{ id: number; url: string | null; staffUrl: string; width: number; height: number; public: boolean; uploadedBy: string }> };
    assert.equal(media.length, 2);
    assert.deepEqual(media.map((m) => [m.width, m.height, m.public, m.url, m.uploadedBy]), [[1200, 1600, false, null, 'staff'], [400, 300, false, null, 'staff']]);

    const audit = await listAuditEvents(t.deps, { action: 'request.media_added', actorId: String(agent.user.id) });
    assert.equal(audit.events.length, 1);
    assert.deepEqual((audit.events[0]?.data as { media_ids: number[] }).media_ids, media.map((m) => m.id));

    const detail = (await app.inject({ url: `/api/v1/requests/${r.trackingNumber}`, headers: agent.session.headers })).json() as { media: Array<{ id: number }> };
    assert.deepEqual(detail.media.map((m) => m.id), media.map((m) => m.id));
    const first = media[0];
    assert.ok(first);
    const staffRead = await app.inject({ url: first.staffUrl, headers: agent.session.headers });
    assert.equal(staffRead.statusCode, 200);
    assert.equal(staffRead.headers['content-type'], 'image/jpeg');
    assert.match(String(staffRead.headers['cache-control']), /private/);
    assert.equal((await app.inject({ url: `/media/${first.id}.jpg` })).statusCode, 404, 'staff-only: not public');
    assert.equal((await app.inject({ url: first.staffUrl })).statusCode, 401);
    assert.equal((await app.inject({ url: first.staffUrl, headers: parksCrew.session.headers })).statusCode, 404, 'another department does not learn it exists');
  });

  test('public photos get a public address; the same bytes twice are stored once', async () => {
    const r = (await createPothole(t.deps)).request;
    const send = async () => {
      const body = multipartBody([], [file('a.jpg', sideways)]);
      return app.inject({ method: 'POST', url: `/api/v1/requests/${r.id}/media`, headers: { ...agent.session.headers, ...body.headers }, payload: body.payload });
    };
    const one = (await send()).json() as { media: Array<{ id: number; url: string }> };
    const two = (await send()).json() as { media: Array<{ id: number; url: string }> };
    assert.equal(two.media.length, 1);
    assert.equal(one.media[0]?.url, `/media/${one.media[0]?.id}.jpg`);
    assert.equal((await app.inject({ url: one.media[0]?.url ?? '' })).statusCode, 200);
  });

  test('bad uploads get a clear 4xx naming the problem, and nothing is stored', async () => {
    const r = (await createPothole(t.deps)).request;
    const url = `/api/v1/requests/${r.trackingNumber}/media`;
    const post = (fields: Array<[string, string]>, files: FilePart[]) => {
      const body = multipartBody(fields, files);
      return app.inject({ method: 'POST', url, headers: { ...agent.session.headers, ...body.headers }, payload: body.payload });
    };
    const text = await post([], [file('notes.jpg', Buffer.from('not a photo at all'))]);
    assert.equal(text.statusCode, 415);
    assert.match(text.json().error.message, /notes\.jpg is not a supported image/);
    const many = await post([], [file('1.jpg', sideways), file('2.jpg', png), file('3.jpg', sideways), file('4.jpg', png)]);
    assert.equal(many.statusCode, 400);
    assert.match(many.json().error.message, /at most 3/);
    const big = await post([], [file('big.jpg', Buffer.concat([sideways, Buffer.alloc(10 * 1024 * 1024)]))]);
    assert.equal(big.statusCode, 413);
    assert.match(big.json().error.message, /big\.jpg is over 10 MB/);
    const none = await post([['public', 'true']], []);
    assert.equal(none.statusCode, 400);
    assert.match(none.json().error.message, /at least one file/);
    const json = await app.inject({ method: 'POST', url, headers: agent.session.headers, payload: { photos: [] } });
    assert.equal(json.statusCode, 415);
    const rows = await t.deps.db.selectFrom('request_media').select('id').where('request_id', '=', r.id).execute();
    assert.equal(rows.length, 0);
  });

  test('an analyst may not add photos; a session without its CSRF token may not either', async () => {
    const r = (await createPothole(t.deps)).request;
    const body = multipartBody([], [file('a.jpg', sideways)]);
    const byAnalyst = await app.inject({ method: 'POST', url: `/api/v1/requests/${r.id}/media`, headers: { ...analyst.session.headers, ...body.headers }, payload: body.payload });
    assert.equal(byAnalyst.statusCode, 403);
    const noCsrf = await app.inject({ method: 'POST', url: `/api/v1/requests/${r.id}/media`, headers: { cookie: agent.session.cookie, ...body.headers }, payload: body.payload });
    assert.equal(noCsrf.statusCode, 403);
  });
});
