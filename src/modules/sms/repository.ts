import type { Db } from '../../db/client.ts';
import type { DialogueStep } from './tables.ts';

/** The SMS module's SQL: its messages and its conversations. */

/** Stores a text; false when the provider's sid was stored already (a repeated webhook). */
export async function insertMessage(
  db: Db,
  m: { direction: 'in' | 'out'; phone: string; body: string; providerSid: string | null; requestId: number | null; at: Date },
): Promise<boolean> {
  const row = await db
    .insertInto('sms_messages')
    .values({ direction: m.direction, phone: m.phone, body: m.body, provider_sid: m.providerSid, request_id: m.requestId, created_at: m.at })
    .onConflict((oc) => oc.columns(['direction', 'provider_sid']).where('provider_sid', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export function selectConversation(db: Db, phone: string) {
  return db.selectFrom('sms_conversations').selectAll().where('phone', '=', phone).executeTakeFirst();
}

export async function saveConversation(db: Db, c: { phone: string; locale: string; step: DialogueStep; data: object; at: Date }): Promise<void> {
  const data = JSON.stringify(c.data);
  await db
    .insertInto('sms_conversations')
    .values({ phone: c.phone, locale: c.locale, step: c.step, data, updated_at: c.at })
    .onConflict((oc) => oc.column('phone').doUpdateSet({ locale: c.locale, step: c.step, data, updated_at: c.at }))
    .execute();
}

/** Texts exchanged with a number, oldest first (staff views, tests). */
export function selectMessages(db: Db, phone: string) {
  return db.selectFrom('sms_messages').selectAll().where('phone', '=', phone).orderBy('id').execute();
}
