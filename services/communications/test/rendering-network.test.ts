/**
 * Chromium renders letters with the network off: a template (or a value in it) that points at
 * an address — the outside, a service on this machine, a file — loads nothing; what the HTML
 * carries itself (a data: URL) still prints. Needs /usr/bin/chromium.
 */
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { PdfRenderer } from '../src/rendering/pdf-pool';
import { mayLoad } from '../src/rendering/offline';

const PORT = 18901;
const PNG_1PX = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

describe('letter rendering with the network off', () => {
  let renderer: PdfRenderer;
  let server: http.Server;
  const requests: string[] = [];
  let dir: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'image/png' }).end();
    });
    await new Promise<void>((resolve) => server.listen(PORT, '127.0.0.1', resolve));
    dir = mkdtempSync(join(tmpdir(), 'amicus-render-'));
    writeFileSync(join(dir, 'secret.html'), '<p>SECRET-FILE-CONTENT</p>');
    renderer = await PdfRenderer.launch({ pages: 1 });
  });

  afterAll(async () => {
    await renderer?.close();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads no http(s) and no file: resource a template points at, and still prints the letter with its data: image', async () => {
    const base = `http://127.0.0.1:${PORT}`;
    const html = `<!doctype html><html><head>
      <link rel="stylesheet" href="${base}/style.css">
      <style>@import url("${base}/import.css"); body { background: url("${base}/background.png"); }
        @font-face { font-family: X; src: url("${base}/font.woff2"); } p { font-family: X; }</style>
      </head><body>
      <img src="${base}/logo.png"><img src="${base.replace('127.0.0.1', 'localhost')}/tracker.gif">
      <img src="http://169.254.169.254/latest/meta-data/">
      <iframe src="file://${join(dir, 'secret.html')}"></iframe><iframe src="${base}/frame.html"></iframe>
      <object data="${base}/object.pdf"></object>
      <script>fetch("${base}/script")</script>
      <img src="${PNG_1PX}"><p>Geachte heer Peeters</p></body></html>`;
    const pdf = await renderer.render(html);
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(1);
    expect(requests).toEqual([]);
  });

  it('allows only data: URLs (and the blank page the content is written into)', () => {
    expect(mayLoad(PNG_1PX)).toBe(true);
    expect(mayLoad('about:blank')).toBe(true);
    for (const url of [
      'http://127.0.0.1:4001/graphql',
      'https://cdn.example/logo.png',
      'file:///etc/passwd',
      'about:srcdoc',
      'blob:x',
      'ftp://x',
    ]) {
      expect(mayLoad(url)).toBe(false);
    }
  });
});
