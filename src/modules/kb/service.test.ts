import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditContext } from '../audit/index.ts';
import { DEFAULT_IDENTITY_SETTINGS, signIn, type StaffPrincipal } from '../identity/index.ts';
import { AppError } from '../../lib/errors.ts';
import { openTestDatabase } from '../../test/database.ts';
import { STAFF_PASSWORD, createStaff, seedTestville } from '../../test/factories.ts';
import { createArticle, diffArticleVersions, flagArticle, getArticle, listFlags, listVersions, resolveFlag, reviewQueue, transitionArticle, updateArticle } from './service.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);

/** A real staff principal: an account of these roles, signed in (grants read from the database). */
async function principal(roles: string[], departments: string[] = []): Promise<StaffPrincipal> {
  const user = await createStaff(t.deps, { roles, departments });
  return (await signIn(t.deps, DEFAULT_IDENTITY_SETTINGS, { email: user.email, password: STAFF_PASSWORD })).principal;
}
const ctx = (p: StaffPrincipal): AuditContext => ({ actor: { kind: 'staff', id: p.userId, label: p.email } });

const editor = await principal(['kb_editor']);
const agent = await principal(['agent']);
const streets = await principal(['bureau_staff'], ['streets']);
const parks = await principal(['bureau_staff'], ['parks']);

function rejectsWith(status: number, code: string) {
  return (e: unknown) => {
    assert.ok(e instanceof AppError, String(e));
    assert.equal(e.status, status, e.message);
    assert.equal(e.code, code, e.message);
    return true;
  };
}

let n = 0;
const newArticle = async (p: StaffPrincipal, extra: Record<string, unknown> = {}) =>
  createArticle(t.deps, p, { slug: `article-${++n}`, locale: 'en', title: `Article ${n}`, body: 'First paragraph.\n\nSecond paragraph.', owner: 'streets', ...extra }, ctx(p));

test('workflow: draft → in review → published → archived → draft, each step a version, wrong steps refused', async () => {
  const a = await newArticle(editor, { services: ['POTHOLE'], departments: ['streets'] });
  assert.equal(a.row.status, 'draft');
  assert.equal(a.row.version, 1);
  assert.equal(a.row.published_at, null);
  assert.deepEqual(a.links.services, ['POTHOLE']);
  const id = a.row.id;
  await assert.rejects(transitionArticle(t.deps, editor, id, { to: 'published', expectedVersion: 1 }, ctx(editor)), rejectsWith(409, 'invalid_transition'));
  const review = await transitionArticle(t.deps, editor, id, { to: 'in_review', expectedVersion: 1 }, ctx(editor));
  assert.equal(review.row.status, 'in_review');
  // Bureau staff may send to review but not publish.
  await assert.rejects(transitionArticle(t.deps, streets, id, { to: 'published', expectedVersion: 2 }, ctx(streets)), rejectsWith(403, 'forbidden'));
  const published = await transitionArticle(t.deps, editor, id, { to: 'published', expectedVersion: 2, note: 'Checked with PBOT' }, ctx(editor));
  assert.equal(published.row.status, 'published');
  assert.ok(published.row.published_at);
  // Editing a published article keeps it published, as a new version.
  const edited = await updateArticle(t.deps, streets, id, { expectedVersion: 3, summary: 'Now with a summary', changeNote: 'summary' }, ctx(streets));
  assert.equal(edited.row.status, 'published');
  assert.equal(edited.row.version, 4);
  assert.equal(edited.changed, true);
  const archived = await transitionArticle(t.deps, editor, id, { to: 'archived', expectedVersion: 4 }, ctx(editor));
  await assert.rejects(updateArticle(t.deps, editor, id, { expectedVersion: 5, title: 'x' }, ctx(editor)), rejectsWith(409, 'article_archived'));
  await assert.rejects(transitionArticle(t.deps, editor, id, { to: 'published', expectedVersion: archived.row.version }, ctx(editor)), rejectsWith(409, 'invalid_transition'));
  const restored = await transitionArticle(t.deps, editor, id, { to: 'draft', expectedVersion: 5 }, ctx(editor));
  assert.equal(restored.row.status, 'draft');
  const versions = await listVersions(t.deps, agent, id);
  assert.deepEqual(versions.map((v) => [v.version, v.status]), [[6, 'draft'], [5, 'archived'], [4, 'published'], [3, 'published'], [2, 'in_review'], [1, 'draft']]);
  assert.equal(versions.find((v) => v.version === 3)?.change_note, 'Checked with PBOT');
  assert.equal(versions.find((v) => v.version === 4)?.changed_by, streets.userId);
  assert.match(versions.find((v) => v.version === 4)?.changed_by_name ?? '', /Staff Member/);
  const audit = await t.deps.db.selectFrom('audit_events').select(['action']).where('target_kind', '=', 'kb_article').where('target_id', '=', String(id)).execute();
  assert.deepEqual(audit.map((e) => e.action).sort(), ['kb.article_created', 'kb.article_transitioned', 'kb.article_transitioned', 'kb.article_transitioned', 'kb.article_transitioned', 'kb.article_updated'].sort());
});

test('who may write: bureau staff only for their department; agents not at all', async () => {
  await assert.rejects(newArticle(agent), rejectsWith(403, 'forbidden'));
  await assert.rejects(newArticle(parks), rejectsWith(403, 'forbidden'));
  await assert.rejects(newArticle(streets, { owner: null }), rejectsWith(403, 'forbidden'));
  const own = await newArticle(streets);
  await assert.rejects(updateArticle(t.deps, parks, own.row.id, { expectedVersion: 1, title: 'Mine now' }, ctx(parks)), rejectsWith(403, 'forbidden'));
  await assert.rejects(updateArticle(t.deps, streets, own.row.id, { expectedVersion: 1, owner: 'parks' }, ctx(streets)), rejectsWith(403, 'forbidden'));
  await assert.rejects(newArticle(editor, { services: ['NOPE'] }), (e: unknown) => e instanceof AppError && e.status === 400 && /unknown service code "NOPE"/.test(e.message));
  await assert.rejects(newArticle(editor, { slug: own.row.slug }), rejectsWith(409, 'article_exists'));
  await assert.rejects(newArticle(editor, { body: 'a\n<!-- script -->\nb' }), (e: unknown) => e instanceof AppError && e.status === 400);
});

test('concurrency: two editors on the same version — one saves, the other gets 409 naming the current version', async () => {
  const a = await newArticle(editor);
  const other = await principal(['kb_editor']);
  const results = await Promise.allSettled([
    updateArticle(t.deps, editor, a.row.id, { expectedVersion: 1, body: 'Editor one was here.' }, ctx(editor)),
    updateArticle(t.deps, other, a.row.id, { expectedVersion: 1, body: 'Editor two was here.' }, ctx(other)),
  ]);
  const ok = results.filter((r) => r.status === 'fulfilled');
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  assert.equal(ok.length, 1);
  assert.equal(failed.length, 1);
  const error = failed[0]?.reason as AppError;
  assert.equal(error.status, 409);
  assert.equal(error.code, 'stale_version');
  assert.equal(error.details.currentVersion, 2);
  assert.match(error.message, /version 2/);
  const now = await getArticle(t.deps, agent, a.row.id);
  assert.equal(now.row.version, 2);
  // A save that changes nothing writes no version.
  const same = await updateArticle(t.deps, editor, a.row.id, { expectedVersion: 2, body: now.row.body }, ctx(editor));
  assert.equal(same.changed, false);
  assert.equal(same.row.version, 2);
});

test('diff between any two versions: word changes per field, hunks and a unified diff', async () => {
  const a = await newArticle(editor, { title: 'Potholes', tags: ['streets'] });
  await updateArticle(t.deps, editor, a.row.id, { expectedVersion: 1, title: 'Potholes and ruts', body: 'First paragraph.\n\nA changed second paragraph.', tags: ['streets', 'roads'] }, ctx(editor));
  await updateArticle(t.deps, editor, a.row.id, { expectedVersion: 2, script: 'Ask where.' }, ctx(editor));
  const d = await diffArticleVersions(t.deps, agent, a.row.id, 1, 3);
  assert.deepEqual(d.changedFields, ['title', 'tags', 'body', 'script']);
  const title = d.fields.find((f) => f.field === 'title');
  assert.deepEqual(title?.changes.filter((c) => c.op === 'added').map((c) => c.value.trim()), ['and ruts']);
  assert.deepEqual(d.fields.find((f) => f.field === 'tags')?.changes.filter((c) => c.op === 'added').map((c) => c.value), ['roads']);
  assert.ok(d.hunks.length >= 1);
  assert.ok(d.hunks.some((h) => h.lines.includes('-Second paragraph.') && h.lines.includes('+A changed second paragraph.')));
  assert.match(d.unified, /^Index: |^===|--- /m);
  assert.match(d.unified, /\+title: Potholes and ruts/);
  assert.match(d.unified, /\+Ask where\./);
  const back = await diffArticleVersions(t.deps, agent, a.row.id, 3, 1);
  assert.match(back.unified, /-title: Potholes and ruts/);
  const none = await diffArticleVersions(t.deps, agent, a.row.id, 2, 2);
  assert.deepEqual([none.changedFields, none.hunks], [[], []]);
  await assert.rejects(diffArticleVersions(t.deps, agent, a.row.id, 1, 9), (e: unknown) => e instanceof AppError && e.status === 404 && /no version 9/.test(e.message));
});

test('translations share a slug and list each other', async () => {
  const en = await newArticle(editor, { slug: 'bulky-items', title: 'Bulky items' });
  const es = await createArticle(t.deps, editor, { slug: 'bulky-items', locale: 'es', title: 'Artículos voluminosos', owner: 'streets' }, ctx(editor));
  assert.deepEqual(es.translations.map((x) => x.locale), ['en']);
  const again = await getArticle(t.deps, agent, en.row.id);
  assert.deepEqual(again.translations.map((x) => [x.locale, x.title]), [['es', 'Artículos voluminosos']]);
});

test('review queue: published articles due within N days of today (Portland time), oldest first, by owner department', async () => {
  // Testville's clock: Monday 2026-03-02, 09:00 in its zone.
  const make = async (slug: string, reviewBy: string | null, owner: string, publish = true) => {
    const a = await createArticle(t.deps, editor, { slug, locale: 'en', title: slug, owner, reviewBy }, ctx(editor));
    if (!publish) return a;
    await transitionArticle(t.deps, editor, a.row.id, { to: 'in_review', expectedVersion: 1 }, ctx(editor));
    return transitionArticle(t.deps, editor, a.row.id, { to: 'published', expectedVersion: 2 }, ctx(editor));
  };
  await make('rq-overdue', '2026-02-20', 'streets');
  await make('rq-today', '2026-03-02', 'streets');
  await make('rq-in-ten-days', '2026-03-12', 'parks');
  await make('rq-later', '2026-06-01', 'streets');
  await make('rq-no-date', null, 'streets');
  await make('rq-draft', '2026-02-01', 'streets', false);
  const slugs = async (p: StaffPrincipal, query: Record<string, unknown>) =>
    (await reviewQueue(t.deps, p, query)).items.map((i) => i.row.slug).filter((s) => s.startsWith('rq-'));
  assert.deepEqual(await slugs(editor, { days: 0 }), ['rq-overdue', 'rq-today']);
  assert.deepEqual(await slugs(editor, { days: 10 }), ['rq-overdue', 'rq-today', 'rq-in-ten-days']);
  assert.deepEqual(await slugs(editor, { days: 10, owner: 'parks' }), ['rq-in-ten-days']);
  assert.deepEqual(await slugs(streets, { days: 10 }), ['rq-overdue', 'rq-today'], 'bureau staff see their department only');
  await assert.rejects(reviewQueue(t.deps, streets, { owner: 'parks' }), rejectsWith(403, 'forbidden'));
  await assert.rejects(reviewQueue(t.deps, agent, {}), rejectsWith(403, 'forbidden'));
  const q = await reviewQueue(t.deps, editor, { days: 0 });
  assert.equal(q.today, '2026-03-02');
  assert.equal(q.items.find((i) => i.row.slug === 'rq-overdue')?.dueInDays, -10);
  // Time passes: 11 days later the ten-day one is due with days=0.
  t.clock.advance(11 * 86_400_000);
  try {
    assert.deepEqual(await slugs(editor, { days: 0 }), ['rq-overdue', 'rq-today', 'rq-in-ten-days']);
  } finally {
    t.clock.advance(-11 * 86_400_000);
  }
});

test("flags land in the owner department's queue, and are resolved or dismissed with a note", async () => {
  const a = await newArticle(editor, { owner: 'parks' });
  const flag = await flagArticle(t.deps, agent, a.row.id, { reason: 'outdated', comment: 'The fee went up in January.' }, ctx(agent));
  assert.equal(flag.source, 'staff');
  assert.equal(flag.flagged_by, agent.userId);
  const inParks = await listFlags(t.deps, parks, {});
  assert.ok(inParks.some((f) => f.id === flag.id && f.comment === 'The fee went up in January.'));
  assert.ok(!(await listFlags(t.deps, streets, {})).some((f) => f.id === flag.id), 'not in another department’s queue');
  await assert.rejects(resolveFlag(t.deps, streets, flag.id, { status: 'resolved', note: 'x' }, ctx(streets)), rejectsWith(403, 'forbidden'));
  await assert.rejects(listFlags(t.deps, agent, {}), rejectsWith(403, 'forbidden'));
  const done = await resolveFlag(t.deps, parks, flag.id, { status: 'resolved', note: 'Fee updated.' }, ctx(parks));
  assert.equal(done.status, 'resolved');
  assert.equal(done.resolution_note, 'Fee updated.');
  assert.equal(done.resolved_by, parks.userId);
  await assert.rejects(resolveFlag(t.deps, parks, flag.id, { status: 'dismissed', note: 'again' }, ctx(parks)), rejectsWith(409, 'flag_closed'));
  assert.ok(!(await listFlags(t.deps, parks, {})).some((f) => f.id === flag.id), 'no longer open');
  assert.ok((await listFlags(t.deps, parks, { status: 'resolved' })).some((f) => f.id === flag.id));
  await assert.rejects(resolveFlag(t.deps, parks, flag.id, { status: 'resolved', note: '' }, ctx(parks)), (e: unknown) => e instanceof AppError && e.status === 400);
});
