import assert from 'node:assert/strict';
import { test } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { openTestDatabase } from '../../test/database.ts';
import { render } from './routes.ts';
import { escapeXml, toXml } from './xml.ts';

await openTestDatabase(); // the project's rule for test files; the writer needs no rows

test('escapes markup and quotes, drops characters XML cannot carry', () => {
  assert.equal(escapeXml(`<a href="x">Tom & Jerry's</a>`), '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;');
  assert.equal(escapeXml('bell\u0007 nul\u0000 tab\t lf\n ok'), 'bell nul tab\t lf\n ok');
  assert.equal(escapeXml('lone \uD800 surrogate, pair \uD83D\uDE00'), 'lone  surrogate, pair \uD83D\uDE00');
});

test('any text gives a well-formed document that reads back the same', () => {
  const nasty = `]]> <![CDATA[ x ]]> &amp; \u0001 <script>alert("x")</script> 🙂 — ü`;
  const xml = toXml(['service_requests', [['request', [['description', nasty], ['lat', 45.5], ['media_url', ''], ['flag', true]]]]]);
  assert.equal(XMLValidator.validate(xml), true);
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="utf-8"?><service_requests><request>'));
  const doc = new XMLParser({ parseTagValue: false, processEntities: true }).parse(xml) as { service_requests: { request: Record<string, string> } };
  assert.equal(doc.service_requests.request.description, nasty.replace('\u0001', ''));
  assert.ok(xml.includes('<media_url/>'));
});

test('element names are checked; lists take the spec names of their items', () => {
  assert.throws(() => toXml(['bad name', 'x']), /not an XML element name/);
  assert.throws(() => toXml(['1code', 'x']), /not an XML element name/);
  assert.equal(
    render('xml', 'service_definition', { service_code: 'A', attributes: [{ code: 'SIZE', values: [{ key: 's', name: 'Small' }] }] }),
    '<?xml version="1.0" encoding="utf-8"?><service_definition><service_code>A</service_code><attributes><attribute><code>SIZE</code><values><value><key>s</key><name>Small</name></value></values></attribute></attributes></service_definition>',
  );
  assert.equal(render('xml', 'errors', [{ code: 400, description: 'a < b' }]), '<?xml version="1.0" encoding="utf-8"?><errors><error><code>400</code><description>a &lt; b</description></error></errors>');
  assert.equal(render('json', 'errors', [{ code: 400, description: 'x' }]), '[{"code":400,"description":"x"}]');
});
