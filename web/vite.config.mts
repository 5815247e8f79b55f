import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The web app: built into dist/web, which the gateway serves at `/` (same origin as /graphql). */
const __dirname = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: __dirname,
  plugins: [react()],
  build: {
    outDir: process.env.AMICUS_WEB_OUT_DIR ?? path.resolve(__dirname, '../dist/web'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 800,
  },
  // `npm run web:dev`: the app with hot reload, asking a running gateway (`npx amicus up`).
  server: {
    port: 5173,
    proxy: { '/graphql': 'http://127.0.0.1:4000', '/session': 'http://127.0.0.1:4000' },
  },
});
