import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTestDatabase } from '../../test/database.ts';
import { seedTestville } from '../../test/factories.ts';
import { receiveEmail } from '../notifications/index.ts';
import { DIALOGUE_TIMEOUT_MS, handleInboundSms } from '../sms/index.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);

const mail = (id: string, from: string) =>
  [`From: ${from}`, 'To: 311@testville.example', `Message-ID: <${id}@mail.example>`, 'Subject: Noise from the pump station', 'Date: Mon, 2 Mar 2026 09:00:00 -0800', '', 'It hums all night.'].join('\r\n');

test('a new inbound e-mail becomes an open email contact with its customer, once per Message-ID', async () => {
  const first = await receiveEmail(t.deps, mail('m1', 'Lan Pham <Lan.Pham@Example.net>'), { via: 'webhook' });
  const again = await receiveEmail(t.deps, mail('m1', 'Lan Pham <Lan.Pham@Example.net>'), { via: 'smtp' });
  assert.equal(again.duplicate, true);
  const contacts = await t.deps.db.selectFrom('contacts').selectAll().where('source', '=', 'inbound_email').execute();
  assert.equal(contacts.length, 1);
  const [contact] = contacts;
  assert.equal(contact?.channel, 'email');
  assert.equal(contact?.source_ref, '<m1@mail.example>');
  assert.equal(contact?.outcome, null);
  const message = await t.deps.db.selectFrom('inbound_messages').select('contact_id').where('id', '=', first.id).executeTakeFirstOrThrow();
  assert.equal(message.contact_id, contact?.id);
  const customer = await t.deps.db.selectFrom('customers').selectAll().where('id', '=', contact!.customer_id!).executeTakeFirstOrThrow();
  assert.deepEqual(customer.emails, ['lan.pham@example.net']);
  assert.equal(customer.name, 'Lan Pham');

  await receiveEmail(t.deps, mail('m2', 'lan.pham@example.net'), { via: 'webhook' });
  const second = await t.deps.db.selectFrom('contacts').select('customer_id').where('source_ref', '=', '<m2@mail.example>').executeTakeFirstOrThrow();
  assert.equal(second.customer_id, customer.id, 'the same sender is the same customer');
});

test('an auto-reply is not a contact', async () => {
  const auto = mail('m3', 'away@example.net').replace('Subject: Noise from the pump station', 'Subject: Out of office').replace('Date:', 'Auto-Submitted: auto-replied\r\nDate:');
  await receiveEmail(t.deps, auto, { via: 'webhook' });
  assert.equal((await t.deps.db.selectFrom('contacts').select('id').where('source_ref', '=', '<m3@mail.example>').execute()).length, 0);
});

test('a text that starts a conversation becomes an sms contact; the same webhook twice and the rest of the dialogue do not', async () => {
  const sms = (sid: string, body: string) => handleInboundSms(t.deps, { from: '+15035550123', to: '+15035550000', body, sid });
  await sms('SM1', 'pothole');
  await sms('SM1', 'pothole');
  t.clock.advance(60_000);
  await sms('SM2', '1');
  let rows = await t.deps.db.selectFrom('contacts').selectAll().where('channel', '=', 'sms').execute();
  assert.equal(rows.length, 1);
  assert.equal(rows[0]?.source_ref, 'SM1');
  const customer = await t.deps.db.selectFrom('customers').select('phones').where('id', '=', rows[0]!.customer_id!).executeTakeFirstOrThrow();
  assert.deepEqual(customer.phones, ['15035550123']);
  t.clock.advance(DIALOGUE_TIMEOUT_MS + 1000);
  await sms('SM3', 'hello again');
  rows = await t.deps.db.selectFrom('contacts').selectAll().where('channel', '=', 'sms').execute();
  assert.equal(rows.length, 2, 'a new conversation after the timeout is a new contact');
  assert.equal(new Set(rows.map((r) => r.customer_id)).size, 1);
});

test('a request the SMS dialogue makes is linked to the conversation’s contact, which closes as request_created', async () => {
  const phone = '+15035550444';
  let n = 0;
  const sms = (body: string) => handleInboundSms(t.deps, { from: phone, to: '+15035550000', body, sid: `SMdlg${++n}` });
  await sms('There is a huge pothole outside my house');
  await sms('2');
  await sms('SE 5th Ave & Main St');
  const done = await sms('yes');
  assert.ok(done.requestId, String(done.reply));
  const contact = await t.deps.db.selectFrom('contacts').selectAll().where('source_ref', '=', 'SMdlg1').executeTakeFirstOrThrow();
  assert.equal(contact.outcome, 'request_created');
  assert.equal(contact.resolved_first_contact, true);
  const links = await t.deps.db.selectFrom('contact_requests').select('request_id').where('contact_id', '=', contact.id).execute();
  assert.deepEqual(links.map((l) => l.request_id), [done.requestId]);
});
