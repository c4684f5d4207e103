import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoCity } from './index.ts';
import type { LocalizedText } from './types.ts';

/** The demo city's catalog speaks every language of the portal (issue 7: "real translations of the catalog's names"). */
const LOCALES = ['en', 'es', 'vi', 'zh-Hant', 'ru'] as const;
const missing = (what: string, text: LocalizedText | undefined): string[] =>
  LOCALES.filter((l) => !text?.[l]?.trim()).map((l) => `${what}: no ${l}`);

test('every active service, group and department has its name and description in all five languages', () => {
  const problems = [
    ...demoCity.services.flatMap((s) => [...missing(`service ${s.code} name`, s.name), ...missing(`service ${s.code} description`, s.description)]),
    ...demoCity.serviceGroups.flatMap((g) => missing(`group ${g.code}`, g.name)),
    ...demoCity.departments.flatMap((d) => [...missing(`department ${d.id} name`, d.name), ...(d.description ? missing(`department ${d.id} description`, d.description) : [])]),
    ...demoCity.jurisdictions.flatMap((j) => missing(`jurisdiction ${j.id}`, j.name)),
    ...demoCity.districts.flatMap((d) => missing(`district ${d.id}`, d.name)),
  ];
  assert.deepEqual(problems, []);
});

test('translations are in the right script and not English copied over', () => {
  for (const s of demoCity.services) {
    assert.match(s.name['zh-Hant'] ?? '', /\p{Script=Han}/u, `${s.code}: Chinese name in Han characters`);
    assert.match(`${s.name.ru} ${s.description.ru}`, /\p{Script=Cyrillic}/u, `${s.code}: Russian in Cyrillic`);
    assert.match(s.description.vi ?? '', /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/iu, `${s.code}: Vietnamese with its diacritics`);
    for (const l of ['vi', 'zh-Hant', 'ru'] as const) assert.notEqual(s.description[l], s.description.en, `${s.code}: ${l} is not the English text`);
  }
});

test('re-running the catalog import over an existing database adds the translations (frontdoor seed)', async () => {
  const { openTestDatabase } = await import('../../../test/database.ts');
  const { importCatalog } = await import('../../../modules/catalog/import.ts');
  const { getService } = await import('../../../modules/catalog/service.ts');
  const t = await openTestDatabase();
  const englishAndSpanish = (x: LocalizedText): LocalizedText => ({ en: x.en, ...(x.es && { es: x.es }) });
  // A data directory seeded before the translations existed.
  await importCatalog(t.deps, { ...demoCity, services: demoCity.services.map((s) => ({ ...s, name: englishAndSpanish(s.name), description: englishAndSpanish(s.description) })) });
  assert.equal((await getService(t.deps, 'portland', 'POTHOLE')).name.vi, undefined);
  await importCatalog(t.deps, demoCity);
  const pothole = await getService(t.deps, 'portland', 'POTHOLE');
  assert.deepEqual([pothole.name.vi, pothole.name['zh-Hant'], pothole.name.ru], ['Ổ gà', '路面坑洞', 'Выбоина на дороге']);
});
