/**
 * Letters render with the network off (pdf-pool intercepts every request): a page may load only
 * what its HTML carries in itself, `data:` URLs — no `file:`, no http(s), neither the outside
 * (tracking a render) nor the inside (the services, the cloud metadata address a template's
 * `<img src>` could point at). `about:blank` is the page the content is written into.
 */
export function mayLoad(url: string): boolean {
  return url.startsWith('data:') || url === 'about:blank';
}
