import { CSSProperties } from 'react';

/**
 * No script runs in a preview, whatever the template or brand value holds: a Content Security
 * Policy in the document itself (scripts, inline handlers, requests other than images, styles
 * and fonts all refused).
 */
const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src * data: blob:; style-src 'unsafe-inline' *; font-src * data:">`;

/** The document with the policy first in its head (a head is made when it has none). */
export function withoutScripts(html: string): string {
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + CSP + html.slice(head.index + head[0].length);
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  const at = doctype ? doctype[0].length : 0;
  return `${html.slice(0, at)}<head>${CSP}</head>${html.slice(at)}`;
}

/**
 * A preview of a letter or e-mail in a frame of its own: its styles apart from the app's, an
 * opaque origin (no cookie, no access to the page), and no script (the policy above). The
 * sandbox allows scripts only so that accessibility checkers can enter the frame (axe-core waits
 * minutes on a frame where no script may run); the policy still refuses every script in it.
 */
export function PreviewFrame({ title, html, testId, height = 560 }: { title: string; html: string; testId: string; height?: number }) {
  const style: CSSProperties = {
    width: '100%',
    height,
    border: '1px solid var(--mantine-color-gray-4)',
    borderRadius: 4,
    background: '#fff',
  };
  return <iframe title={title} data-testid={testId} sandbox="allow-scripts" srcDoc={withoutScripts(html)} style={style} />;
}
