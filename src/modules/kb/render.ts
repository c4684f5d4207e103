/**
 * Article Markdown → safe HTML: `marked` (GitHub-flavoured Markdown) renders, then `sanitize-html`
 * keeps an allow-list — headings, paragraphs, lists, emphasis, block quotes, code, tables and links
 * to http(s), mailto and tel (or a path on this site). Raw HTML, scripts, styles, images, iframes,
 * forms and event attributes are dropped whatever the Markdown says.
 */
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const markdown = new Marked({ gfm: true, breaks: false, async: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
    'p', 'br', 'hr', 'blockquote',
    'ul', 'ol', 'li',
    'strong', 'em', 'b', 'i', 'del', 's',
    'code', 'pre',
    'table', 'thead', 'tbody', 'tr', 'th', 'td',
    'a',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    ol: ['start'],
    th: ['align'],
    td: ['align'],
  },
  allowedClasses: { code: [/^language-[A-Za-z0-9_+-]{1,40}$/] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Content of these is dropped with the tag (not shown as text).
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'template'],
  transformTags: {
    // Only href and title survive from the source; external links get rel=noopener (the scheme check runs after this).
    a: (tagName, attribs) => {
      const out: Record<string, string> = {};
      if (attribs.href !== undefined) out.href = attribs.href;
      if (attribs.title !== undefined) out.title = attribs.title;
      if (/^\s*https?:/i.test(attribs.href ?? '')) out.rel = 'noopener noreferrer nofollow';
      return { tagName, attribs: out };
    },
  },
  exclusiveFilter: (frame) => frame.tag === 'a' && !frame.attribs.href && !frame.text.trim(),
};

/** Sanitises HTML to the article allow-list. */
export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/** Renders an article's Markdown to sanitised HTML. */
export function renderArticleMarkdown(body: string): string {
  const html = markdown.parse(body, { async: false });
  return sanitizeArticleHtml(html);
}
