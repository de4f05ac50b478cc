import { useMemo, type MouseEvent } from 'react';
import { renderMarkdown } from '../markdown';
import { navigate } from '../router';

/** Follows links into the console in place (no reload); other links behave as links. */
function followInternalLink(event: MouseEvent<HTMLDivElement>): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.defaultPrevented) return;
  const anchor = (event.target as Element).closest('a');
  if (!anchor || anchor.target) return;
  const url = new URL(anchor.href, window.location.href);
  if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
}

/** Sanitised Markdown (see markdown.ts). */
export function Markdown({ source, testId }: { source: string; testId?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  // The HTML has been through DOMPurify: no scripts, handlers or javascript: links survive.
  return <div className="markdown" data-testid={testId} onClick={followInternalLink} dangerouslySetInnerHTML={{ __html: html }} />;
}
