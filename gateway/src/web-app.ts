import fs from 'node:fs';
import path from 'node:path';
import express from 'express';

/** The built web app, relative to the workspace root (`npm run build` writes it). */
export const WEB_APP_PATH = path.join('dist', 'web');

/** The built web app's directory, found from the sources or from dist/. */
export function builtWebAppDir(from = __dirname): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, WEB_APP_PATH, 'index.html'))) return path.join(dir, WEB_APP_PATH);
  }
  return path.resolve(WEB_APP_PATH);
}

/**
 * Serves the web app at `/`: hashed assets for a year, and index.html for every other page the
 * app routes itself (/agent/cases/…, /pay/…), never cached so a new build is picked up at once.
 */
export function webApp(dir: string): express.Router {
  const router = express.Router();
  const index = path.join(dir, 'index.html');
  router.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
  router.use(express.static(dir, { index: false, maxAge: '1h' }));
  router.get(/.*/, (req, res) => {
    if (!fs.existsSync(index)) {
      return void res.status(503).type('text/plain').send(`The web app is not built (${index} is missing): run \`npm run build\`.`);
    }
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.sendFile(index);
  });
  return router;
}
