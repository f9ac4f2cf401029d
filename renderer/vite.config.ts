import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type HttpProxy } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The built renderer goes to `dist/renderer`, which the server serves at `/`; `base: './'` keeps
 * every asset URL relative so the same build also loads from a file URL in Electron.
 *
 * `npm run dev`-style work: `GROVE_URL=http://127.0.0.1:3456 npx vite --config renderer/vite.config.ts`
 * proxies `/api` and `/ws` to a running server. The proxy rewrites Host and Origin to the server's
 * own, since the server refuses requests addressed from other origins.
 */
const target = process.env.GROVE_URL ?? 'http://127.0.0.1:3456';

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  // The diff highlighter's worker loads shiki's grammars on demand, which needs ES module chunks.
  worker: { format: 'es' },
  resolve: {
    alias: { '@contract': path.resolve(here, '../server/contract/index.ts') },
  },
  build: {
    outDir: path.resolve(here, '../dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: {
      '/api': { target, changeOrigin: true, configure: (proxy) => rewriteOrigin(proxy) },
      '/ws': { target, ws: true, changeOrigin: true, configure: (proxy) => rewriteOrigin(proxy) },
    },
  },
});

function rewriteOrigin(proxy: HttpProxy.ProxyServer): void {
  const origin = new URL(target).origin;
  proxy.on('proxyReq', (proxyReq) => {
    if (proxyReq.getHeader('origin') !== undefined) proxyReq.setHeader('origin', origin);
  });
  proxy.on('proxyReqWs', (proxyReq) => {
    if (proxyReq.getHeader('origin') !== undefined) proxyReq.setHeader('origin', origin);
  });
}
