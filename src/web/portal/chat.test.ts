import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { LOCALES } from '../../i18n/index.ts';
import { openTestDatabase } from '../../test/database.ts';
import { seedTestville } from '../../test/factories.ts';

/** "Chat with 311" without JavaScript: the page in every language, and leaving a message outside hours. */
const t = await openTestDatabase();
await seedTestville(t.deps);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const SATURDAY = '2026-03-07T19:00:00Z';

test('the chat page works in every language: the live chat is hidden until the script starts it, the message form is there', async () => {
  for (const lang of LOCALES) {
    const res = await app.inject({ url: `/chat?lang=${lang}` });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, new RegExp(`<html lang="${lang}">`));
    assert.match(res.body, /<section id="chat-live" hidden/);
    assert.match(res.body, /id="chat-log" role="log" aria-live="polite"/);
    assert.match(res.body, /<label for="chat-input">/);
    assert.match(res.body, /<form method="post" action="\/chat\/leave-message\?lang=/);
    assert.match(res.body, /<label for="f-message">/);
    assert.match(res.body, /id="chat-nojs"/);
  }
  const home = await app.inject({ url: '/' });
  assert.match(home.body, /href="\/chat"/);
});

test('outside hours, a message left from the plain form becomes a contact to call back; nothing of it is shown publicly', async () => {
  t.clock.set(SATURDAY);
  const page = await app.inject({ url: '/chat?lang=es' });
  assert.match(page.body, /no está disponible ahora/);
  const trap = /name="form_started" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  t.clock.advance(8000);
  const post = (fields: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/chat/leave-message?lang=es', headers: FORM, payload: new URLSearchParams({ form_started: trap, website: '', ...fields }).toString() });

  const noWay = await post({ name: 'Marta', message: 'Mi calle está oscura' });
  assert.equal(noWay.statusCode, 400);
  assert.match(noWay.body, /href="#f-email"/);
  assert.match(noWay.body, /Escriba un correo electrónico o un número de teléfono/);
  assert.match(noWay.body, /Mi calle está oscura<\/textarea>/, 'what was typed is kept');
  const badPhone = await post({ name: 'Marta', phone: 'call me', message: 'Mi calle está oscura' });
  assert.equal(badPhone.statusCode, 400);
  assert.match(badPhone.body, /href="#f-phone"/);
  const robot = await app.inject({ method: 'POST', url: '/chat/leave-message', headers: FORM, payload: new URLSearchParams({ form_started: trap, website: 'http://spam', name: 'x', email: 'x@example.org', message: 'buy' }).toString() });
  assert.equal(robot.statusCode, 400);

  const sent = await post({ name: 'Marta', email: 'marta@example.org', message: 'Mi calle está oscura' });
  assert.equal(sent.statusCode, 303, sent.body);
  assert.equal(sent.headers.location, '/chat?sent=1&lang=es');
  const thanks = await app.inject({ url: '/chat?sent=1&lang=es' });
  assert.match(thanks.body, /role="status">Gracias/);
  assert.ok(!thanks.body.includes('marta@example.org') && !thanks.body.includes('Marta'));

  const left = await t.deps.db.selectFrom('chat_conversations').selectAll().where('display_name', '=', 'Marta').executeTakeFirstOrThrow();
  assert.equal(left.status, 'left_message');
  assert.equal(left.locale, 'es');
  const contact = await t.deps.db.selectFrom('contacts').selectAll().where('id', '=', left.contact_id as number).executeTakeFirstOrThrow();
  assert.equal(contact.outcome, 'callback');
  assert.equal(contact.channel, 'chat');
  assert.equal(contact.language, 'es');
  // Nothing public tells anyone about it.
  for (const url of ['/api/v1/chat/availability', '/chat', '/']) {
    const res = await app.inject({ url });
    assert.ok(!res.body.includes('marta@example.org') && !res.body.includes('Mi calle'), url);
  }
});
