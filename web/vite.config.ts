/**
 * Builds the web app from web/ into dist/web, where the Fastify server serves it
 * (with SPA fallback). Run from the project root: `npm run build:web`.
 * `vite --config web/vite.config.ts` serves it in development, with /api proxied
 * to a server started by `npm run dev` (and /uploads, where uploaded images are served).
 * The build also writes each text asset's .br and .gz twins (precompress.ts).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './precompress';

const webDir = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webDir,
  plugins: [react(), precompress()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/uploads': 'http://127.0.0.1:3000',
    },
  },
});
