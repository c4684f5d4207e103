import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOCALES, MESSAGE_KEYS, localized, missingKeys, negotiateLocale, t } from './index.ts';

test('every language has every message key', () => {
  for (const [locale, missing] of Object.entries(missingKeys())) assert.deepEqual(missing, [], `${locale} lacks keys`);
});

/** Values of the SMS and alert messages (sms.*, alerts.*). */
const SMS_AND_ALERT_VALUES = {
  tracking: 'TV-2026-000001', service: 'Pothole', status: 'in_progress', address: '5th and Main', answer: 'Weekly', menu: '1 Pothole, 2 Graffiti',
  question: 'How big is it?', note: 'Crew sent', severity: 'severe', kind: 'Alert', title: 'Storm', body: 'Stay home', area: 'East', expires: '2026-03-03 00:00 UTC',
};

/** Values of the notification e-mails and pages (notify.*). */
const NOTIFICATION_VALUES = { trackingNumber: 'TV-2026-000001', parent: 'TV-2026-000002', email: 'a••@example.org' };

/** Values of the report form's photo messages (portal.photos.*). */
const PHOTO_VALUES = { max: 3, file: 'IMG_0001.jpg', n: 1 };
const DASHBOARD_VALUES = { from: '1 October 2026', to: '31 October 2026', set: 'council district', name: 'District 1', value: '12.5' };

test('every message formats in every language with plural values', () => {
  for (const locale of LOCALES) {
    for (const key of MESSAGE_KEYS) {
      const out = t(locale, key, { city: 'Portland', phone: '503-823-4000', count: 3, hours: 40, url: 'https://example.org/x', minutes: 15, ...SMS_AND_ALERT_VALUES, ...NOTIFICATION_VALUES, ...PHOTO_VALUES, ...DASHBOARD_VALUES });
      assert.ok(out.length > 0 && !out.includes('{'), `${locale} ${key}: ${out}`);
    }
  }
  assert.equal(t('en', 'home.serviceCount', { count: 1 }), '1 service');
  assert.equal(t('ru', 'home.serviceCount', { count: 5 }), '5 услуг');
  assert.equal(t('es', 'sla.business', { hours: 40 }), 'Meta: 40 horas hábiles');
});

test('language negotiation: explicit choice, then Accept-Language, then the default', () => {
  assert.equal(negotiateLocale('es', 'ru'), 'es');
  assert.equal(negotiateLocale('klingon', 'vi-VN,en;q=0.5'), 'vi');
  assert.equal(negotiateLocale(undefined, 'fr-FR, es;q=0.8, en;q=0.3'), 'es');
  assert.equal(negotiateLocale(undefined, 'zh-TW,zh;q=0.9'), 'zh-Hant');
  assert.equal(negotiateLocale(undefined, 'zh-CN'), 'en');
  assert.equal(negotiateLocale(undefined, 'ru;q=0.2,en;q=0.9'), 'en');
  assert.equal(negotiateLocale(undefined, '', 'es'), 'es');
  assert.equal(negotiateLocale(undefined, ';;;,q=,'), 'en');
});

test('localised catalog text falls back to English', () => {
  assert.equal(localized({ en: 'Pothole', es: 'Bache' }, 'es'), 'Bache');
  assert.equal(localized({ en: 'Pothole' }, 'vi'), 'Pothole');
  assert.equal(localized(null, 'en'), '');
});
