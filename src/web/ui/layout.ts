import { LOCALES, LOCALE_NAMES, t, type Locale } from '../../i18n/index.ts';
import { SafeHtml, html } from './html.ts';

const STYLES = `
:root{--ink:#1b1b1b;--muted:#4a4a4a;--bg:#fff;--brand:#0b4f8a;--focus:#ffbf47;--line:#d0d7de}
*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--brand)}
a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus,[tabindex]:focus{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:10}
header,main,footer{max-width:60rem;margin:0 auto;padding:1rem}
header{border-bottom:1px solid var(--line)}
.tagline{color:var(--muted);margin:0}
nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.75rem}
.notice{border-left:.4rem solid #b00020;background:#fff4f4;padding:.75rem 1rem}
.group{margin-top:1.5rem}
.services{list-style:none;padding:0;display:grid;gap:.75rem;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr))}
.services li{border:1px solid var(--line);border-radius:.4rem;padding:.75rem}
.services h4{margin:0 0 .25rem}
.badge{display:inline-block;font-size:.85rem;color:var(--muted)}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.error-summary{border:.25rem solid #b00020;padding:1rem;margin:1rem 0}
.error-summary h2{margin-top:0}
.field-error{color:#b00020;font-weight:bold;margin:.25rem 0}
[aria-invalid="true"]{border:3px solid #b00020}
.success{border-left:.4rem solid #1a7f37;background:#f0fff4;padding:.75rem 1rem}
.alert-banner{border:.25rem solid #b00020;background:#fff4f4;padding:.5rem 1rem;margin-bottom:1rem}
.field{margin:1rem 0}
.field label,legend{display:block;font-weight:600}
.choice label{display:inline;font-weight:normal}
.hint{color:var(--muted);margin:.25rem 0}
input[type=text],input[type=email],input[type=tel],input[type=search],input[type=datetime-local],textarea,select{font:inherit;padding:.5rem;border:2px solid #5a5a5a;border-radius:.25rem;max-width:100%;width:30rem}
.choice input{width:1.25rem;height:1.25rem;vertical-align:middle}
fieldset{border:1px solid var(--line);margin:1rem 0;padding:.5rem 1rem;min-width:0}
button,.button{font:inherit;font-weight:600;background:var(--brand);color:#fff;border:2px solid var(--brand);border-radius:.25rem;padding:.5rem 1rem;cursor:pointer;text-decoration:none;display:inline-block}
.search .row{display:flex;gap:.5rem;flex-wrap:wrap}
.actions,.links{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.75rem}
.results{padding-left:1.25rem}
.results h2{font-size:1.1rem;margin:.25rem 0}
mark{background:#fff3a3;color:inherit}
.tracking{font-size:1.5rem}
.facts dt{font-weight:600}.facts dd{margin:0 0 .5rem}
.timeline blockquote{margin:.25rem 0 .5rem 1rem;border-left:.25rem solid var(--line);padding-left:.75rem}
.inline button{margin-right:.5rem}
.req,.opt{font-weight:normal;color:var(--muted)}
.photos{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}.photos img{display:block;width:12rem;max-width:100%;height:auto;border:1px solid var(--line)}
input[type=file]{font:inherit;max-width:100%}
.combo{position:relative;max-width:30rem}
.combo [role=listbox]{position:absolute;z-index:5;left:0;right:0;margin:0;padding:0;list-style:none;background:#fff;border:2px solid #5a5a5a;border-top:0;max-height:16rem;overflow-y:auto}
.combo [role=option]{padding:.5rem;cursor:pointer}
.combo [role=option][aria-selected=true]{background:var(--brand);color:#fff}
.map{height:22rem;max-width:100%;border:1px solid var(--line);margin:.5rem 0;background:#e8eef3}
.location-tools{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}
.location-tools button{background:#fff;color:var(--brand)}
table.nearby-list{border-collapse:collapse;width:100%}
.nearby-list th,.nearby-list td{border-bottom:1px solid var(--line);padding:.4rem;text-align:left;vertical-align:top}
.filters{display:flex;flex-wrap:wrap;gap:0 1.5rem;align-items:flex-end}
.filters .field{margin:.5rem 0}
.filters select,.filters input[type=text]{width:auto;min-width:12rem}
@media (prefers-reduced-motion:reduce){*,*::before,*::after{animation:none!important;transition:none!important;scroll-behavior:auto!important}}
`;

/** The page frame every portal page shares: language, landmarks, skip link, language switcher. */
export function layout(opts: { locale: Locale; title: string; city: string; path: string; body: SafeHtml; scripts?: SafeHtml | '' }): SafeHtml {
  const { locale, title, city, path, body } = opts;
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${new SafeHtml(STYLES)}</style>
${opts.scripts ?? ''}
</head>
<body>
<a class="skip" href="#main">${t(locale, 'skip.toMain')}</a>
<header>
  <p><a href="/"><strong>${t(locale, 'site.title', { city })}</strong></a></p>
  <p class="tagline">${t(locale, 'site.tagline')}</p>
  <nav aria-label="${t(locale, 'nav.main')}">
    <ul>
      <li><a href="/report"${path.startsWith('/report') ? html` aria-current="page"` : ''}>${t(locale, 'portal.report.title')}</a></li>
      <li><a href="/track"${path.startsWith('/track') ? html` aria-current="page"` : ''}>${t(locale, 'portal.track.title')}</a></li>
      <li><a href="/nearby"${path === '/nearby' ? html` aria-current="page"` : ''}>${t(locale, 'portal.nearbyPage.nav')}</a></li>
    </ul>
  </nav>
  <nav aria-label="${t(locale, 'nav.language')}">
    <ul>
      ${LOCALES.map((l) =>
        l === locale
          ? html`<li><span aria-current="true" lang="${l}">${LOCALE_NAMES[l]}</span></li>`
          : html`<li><a href="${path}?lang=${l}" lang="${l}" hreflang="${l}">${LOCALE_NAMES[l]}</a></li>`,
      )}
    </ul>
  </nav>
</header>
<main id="main">
${body}
</main>
<footer><p><a href="/chat">${t(locale, 'portal.chat.title')}</a></p><p>${t(locale, 'footer.openSource')}</p></footer>
</body>
</html>`;
}
