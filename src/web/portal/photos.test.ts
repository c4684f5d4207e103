import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import sharp from 'sharp';
import { buildApp } from '../../app.ts';
import { attachPhotos, preparePhotos } from '../../modules/media/index.ts';
import { gpsLatitudeOf, multipartBody, type FilePart } from '../../modules/media/test-helpers.ts';
import { createServiceRequest } from '../../modules/requests/index.ts';
import { openTestDatabase } from '../../test/database.ts';
import { TESTVILLE, seedTestville } from '../../test/factories.ts';

/** Photos on the report form: uploaded as a browser sends them, checked, processed and served. */
const t = await openTestDatabase();
await seedTestville(t.deps);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en', publicUrl: 'https://311.testville.example' } });
after(() => app.close());

/** A 2400×1800 JPEG from a phone: EXIF with the camera and a GPS position (45°30'36" N). */
const phonePhoto = await sharp({ create: { width: 2400, height: 1800, channels: 3, background: '#4a7f3a' } })
  .withExif({ IFD0: { Make: 'TestPhone', Model: 'One' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 30/1 36/1', GPSLongitudeRef: 'W', GPSLongitude: '122/1 36/1 0/1' } })
  .jpeg({ quality: 90 })
  .toBuffer();
const jpeg = (filename: string, data = phonePhoto): FilePart => ({ name: 'photos', filename, contentType: 'image/jpeg', data });

/** Opens the pothole form, waits like a person, and posts it as multipart with `files`. */
async function postReport(fields: Array<[string, string]>, files: FilePart[]) {
  const form = await app.inject({ url: '/report/POTHOLE' });
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /enctype="multipart\/form-data"/);
  const trap = /name="form_started" value="([^"]+)"/.exec(form.body)?.[1];
  assert.ok(trap);
  t.clock.advance(5000);
  const { payload, headers } = multipartBody([['form_started', trap], ['website', ''], ['attribute[SIZE]', 'small'], ['address', '5th and Main'], ...fields], files);
  return app.inject({ method: 'POST', url: '/report/POTHOLE', headers, payload });
}

/** The stored photos of the request a successful post redirected to. */
async function storedPhotos(location: string) {
  const number = /\/report\/received\/([A-Z0-9-]+)/.exec(location)?.[1];
  assert.ok(number, location);
  const r = await t.deps.db.selectFrom('service_requests').select('id').where('tracking_number', '=', number).executeTakeFirstOrThrow();
  const rows = await t.deps.db.selectFrom('request_media').selectAll().where('request_id', '=', r.id).orderBy('id').execute();
  return { number, rows };
}

const requestCount = async () => Number((await t.deps.db.selectFrom('service_requests').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('photos on the report form', () => {
  test('the form offers up to three photos with a label, a hint and the opt-in to keep the location', async () => {
    const page = (await app.inject({ url: '/report/POTHOLE?lang=es' })).body;
    assert.match(page, /<label for="f-photos">Agregue hasta 3 fotos<\/label>/);
    assert.match(page, /<input type="file" id="f-photos" name="photos" accept="image\/jpeg,image\/png,image\/webp" multiple aria-describedby="f-photos-hint">/);
    assert.match(page, /<input type="checkbox" id="f-keep_location" name="keep_location" value="1"><label for="f-keep_location">/);
    assert.ok(!page.includes('photosLater'));
  });

  test('a phone photo is stored resized, upright and without its location; track page, /media and Open311 show it', async () => {
    const res = await postReport([['description', 'Deep hole']], [jpeg('IMG_0001.jpg')]);
    assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
    const { number, rows } = await storedPhotos(String(res.headers.location));
    assert.equal(rows.length, 1);
    const [row] = rows;
    assert.ok(row);
    assert.deepEqual([row.width, row.height, row.content_type, row.public, row.keeps_exif], [1600, 1200, 'image/jpeg', true, false]);
    const meta = await sharp(Buffer.from(row.data)).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.equal(meta.width, 1600);
    assert.equal(gpsLatitudeOf(meta.exif), null, 'no GPS position is stored');
    assert.equal(meta.exif, undefined, 'no EXIF at all');
    assert.equal(row.bytes, Buffer.from(row.data).byteLength);

    const track = await app.inject({ url: `/track/${number}` });
    assert.match(track.body, new RegExp(`<img src="/media/${row.id}\\.jpg" alt="Photo 1 of 1 sent with request ${number}" width="1600" height="1200"`));

    const served = await app.inject({ url: `/media/${row.id}.jpg` });
    assert.equal(served.statusCode, 200);
    assert.equal(served.headers['content-type'], 'image/jpeg');
    assert.equal(served.headers.etag, `"${row.sha256}"`);
    assert.match(String(served.headers['cache-control']), /^public, max-age=\d+$/);
    assert.equal(served.rawPayload.byteLength, row.bytes);
    const again = await app.inject({ url: `/media/${row.id}.jpg`, headers: { 'if-none-match': `"${row.sha256}"` } });
    assert.equal(again.statusCode, 304);
    assert.equal((await app.inject({ url: `/media/${row.id}.webp` })).statusCode, 404, 'only at its own address');
    assert.equal((await app.inject({ url: `/media/${row.id}` })).statusCode, 404);

    const open311 = (await app.inject({ url: `/open311/v2/requests/${number}.json` })).json() as Array<{ media_url: string }>;
    assert.equal(open311[0]?.media_url, `https://311.testville.example/media/${row.id}.jpg`);
    const list = (await app.inject({ url: `/open311/v2/requests.json?service_request_id=${number}` })).json() as Array<{ media_url: string }>;
    assert.equal(list[0]?.media_url, `https://311.testville.example/media/${row.id}.jpg`);
  });

  test('with "keep the location" ticked, the EXIF block and its GPS position are kept', async () => {
    const res = await postReport([['keep_location', '1']], [jpeg('with-location.jpg')]);
    assert.equal(res.statusCode, 303);
    const { rows } = await storedPhotos(String(res.headers.location));
    const meta = await sharp(Buffer.from(rows[0]?.data ?? [])).metadata();
    const lat = gpsLatitudeOf(meta.exif);
    assert.ok(lat !== null && Math.abs(lat - 45.51) < 1e-6, `latitude kept: ${lat}`);
    assert.equal(rows[0]?.keeps_exif, true);
  });

  test('a photo over 10 MB is refused by name; what the resident typed is kept and they are asked to choose photos again', async () => {
    const before = await requestCount();
    const big = Buffer.concat([phonePhoto, Buffer.alloc(10 * 1024 * 1024)]);
    const res = await postReport([['description', 'Hole by the school'], ['keep_location', '1']], [jpeg('small.jpg'), jpeg('huge-photo.jpg', big)]);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<a href="#f-photos">huge-photo\.jpg is larger than 10 MB/);
    assert.match(res.body, />Hole by the school<\/textarea>/);
    assert.match(res.body, /value="5th and Main"/);
    assert.match(res.body, /name="keep_location" value="1" checked/);
    assert.match(res.body, /Please choose them again/);
    assert.match(res.body, /id="f-photos" name="photos"[^>]*aria-invalid="true"/);
    assert.equal(await requestCount(), before, 'nothing was created');
  });

  test('more than three photos, a text file named .jpg, and an empty file are refused with a clear message', async () => {
    const before = await requestCount();
    const many = await postReport([], [jpeg('a.jpg'), jpeg('b.jpg'), jpeg('c.jpg'), jpeg('d.jpg')]);
    assert.equal(many.statusCode, 400);
    assert.match(many.body, /You can add at most 3 photos/);
    const text = await postReport([], [{ name: 'photos', filename: 'notes.jpg', contentType: 'image/jpeg', data: Buffer.from('This is a shopping list, not a photo.\n') }]);
    assert.equal(text.statusCode, 400);
    assert.match(text.body, /notes\.jpg is not a supported image/);
    const empty = await postReport([], [{ name: 'photos', filename: 'zero.jpg', contentType: 'image/jpeg', data: Buffer.alloc(0) }]);
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /zero\.jpg is empty/);
    assert.equal(await requestCount(), before);
  });

  test('an empty file field (nothing chosen) is ignored, and the plain urlencoded form still works', async () => {
    const res = await postReport([], [{ name: 'photos', filename: '', contentType: 'application/octet-stream', data: Buffer.alloc(0) }]);
    assert.equal(res.statusCode, 303);
    assert.equal((await storedPhotos(String(res.headers.location))).rows.length, 0);
    const form = await app.inject({ url: '/report/POTHOLE' });
    const trap = /name="form_started" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    t.clock.advance(5000);
    const plain = await app.inject({
      method: 'POST',
      url: '/report/POTHOLE',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([['form_started', trap], ['website', ''], ['attribute[SIZE]', 'small'], ['address', 'Elm St']]).toString(),
    });
    assert.equal(plain.statusCode, 303);
  });

  test('the same photo sent twice with one report is stored once', async () => {
    const res = await postReport([], [jpeg('one.jpg'), jpeg('one-again.jpg')]);
    assert.equal(res.statusCode, 303);
    assert.equal((await storedPhotos(String(res.headers.location))).rows.length, 1);
  });

  test('photos of a confidential request, and staff-only photos, are never served publicly', async () => {
    const centre = { lat: TESTVILLE.centre.lat, long: TESTVILLE.centre.long - 0.01 };
    const secret = await createServiceRequest(t.deps, { jurisdictionId: 'testville', serviceCode: 'ADA_COMPLAINT', channel: 'web', description: 'Ramp blocked', location: centre });
    const [hidden] = await attachPhotos(t.deps, secret.request.id, await preparePhotos([{ data: phonePhoto, keepExif: false }]), { public: true, uploadedBy: 'resident' });
    assert.ok(hidden);
    assert.equal((await app.inject({ url: `/media/${hidden.id}.jpg` })).statusCode, 404);
    const open = await createServiceRequest(t.deps, { jurisdictionId: 'testville', serviceCode: 'POTHOLE', channel: 'phone', description: 'Hole', location: centre, attributes: { SIZE: 'small' } });
    const [staffOnly] = await attachPhotos(t.deps, open.request.id, await preparePhotos([{ data: phonePhoto, keepExif: false }]), { public: false, uploadedBy: 'staff:agent@testville.example' });
    assert.ok(staffOnly);
    assert.equal((await app.inject({ url: `/media/${staffOnly.id}.jpg` })).statusCode, 404);
    assert.ok(!(await app.inject({ url: `/track/${open.request.trackingNumber}` })).body.includes('/media/'), 'the track page shows no staff-only photo');
    const o311 = (await app.inject({ url: `/open311/v2/requests/${open.request.trackingNumber}.json` })).json() as Array<{ media_url: string }>;
    assert.equal(o311[0]?.media_url, '');
    assert.equal((await app.inject({ url: '/media/999999.jpg' })).statusCode, 404);
  });

  test('a service made confidential later takes its requests\' photos off the public site', async () => {
    const centre = { lat: TESTVILLE.centre.lat, long: TESTVILLE.centre.long - 0.01 };
    const r = await createServiceRequest(t.deps, { jurisdictionId: 'testville', serviceCode: 'GRAFFITI', channel: 'phone', description: 'Tag on the wall', location: centre });
    const [photo] = await attachPhotos(t.deps, r.request.id, await preparePhotos([{ data: phonePhoto, keepExif: false }]), { public: true, uploadedBy: 'resident' });
    assert.ok(photo);
    assert.equal((await app.inject({ url: `/media/${photo.id}.jpg` })).statusCode, 200);
    await t.deps.db.updateTable('services').set({ confidential: true }).where('service_code', '=', 'GRAFFITI').execute();
    try {
      assert.equal((await app.inject({ url: `/media/${photo.id}.jpg` })).statusCode, 404);
      const track = await app.inject({ url: `/track/${r.request.trackingNumber}` });
      assert.ok(!track.body.includes(`/media/${photo.id}`), 'not on the track page either');
    } finally {
      await t.deps.db.updateTable('services').set({ confidential: false }).where('service_code', '=', 'GRAFFITI').execute();
    }
  });
});
