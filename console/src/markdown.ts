/**
 * Runbook Markdown to HTML that is safe to put in the page: marked renders it, DOMPurify removes
 * scripts, event handlers, javascript: URLs, styles and forms. Nothing reaches the DOM unsanitised.
 */
import DOMPurify from 'dompurify';
import { Marked } from 'marked';

const escapeHtml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

// Runbooks are Markdown: raw HTML in them is shown as text, so no HTML a runbook carries is
// ever parsed as elements (even in the sanitiser's inert document, where a broken image would
// still try its onerror and trip the Content Security Policy).
const marked = new Marked({ gfm: true, breaks: false, renderer: { html: ({ text }) => escapeHtml(text) } });

const purify = DOMPurify(window);
// Links to other sites open in a new tab and learn nothing about the console.
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName !== 'A') return;
  const href = node.getAttribute('href');
  if (!href) return;
  let url: URL;
  try {
    url = new URL(href, window.location.href);
  } catch {
    node.removeAttribute('href');
    return;
  }
  if (url.origin !== window.location.origin && /^https?:$/.test(url.protocol)) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false });
  return purify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style'],
  });
}
