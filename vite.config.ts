import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { clientSourceHash, writeStamp } from './scripts/client-stamp';
import { precompress } from './scripts/precompress';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * Stamps dist/ with the hash of the sources it was built from (taken when the build starts, so
 * an edit during the build leaves it stale), so `npm start` can skip an unneeded rebuild.
 */
const sourceStamp = (): Plugin => {
  let hash = '';
  let outDir = path.join(root, 'dist');
  return {
    name: 'fieldbook-source-stamp',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    buildStart() {
      hash = clientSourceHash(root);
    },
    // After the files are written, never on a failed build (closeBundle runs then too).
    writeBundle() {
      writeStamp(outDir, hash);
    },
  };
};

export default defineConfig({
  plugins: [
    react(),
    sourceStamp(),
    VitePWA({
      // The user decides when a new version takes over: never reload under an open draft.
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/*.png'],
      manifest: {
        name: 'Fieldbook — inspection evidence',
        short_name: 'Fieldbook',
        description: "Offline-first field evidence for joint inspections of children's services",
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#ffffff',
        theme_color: '#0b0c0c',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: '/icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff,woff2,ico,webmanifest}'],
        navigateFallback: '/index.html',
        // Offline data lives in Dexie, never in the HTTP cache: the API is not precached or routed.
        navigateFallbackDenylist: [/^\/api\//, /^\/healthz/, /^\/metrics/],
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
        // A first install takes the page it came from at once: every screen not opened yet then
        // comes from the precache, not from whatever the HTTP cache happens to hold. An update
        // still waits for the user (no skipWaiting); it takes over only when they choose.
        clientsClaim: true,
      },
    }),
    // After the PWA plugin: sw.js and the workbox runtime are compressed too.
    precompress(),
  ],
  css: {
    preprocessorOptions: {
      // MOJ Frontend imports GOV.UK Frontend as `node_modules/govuk-frontend/...`.
      scss: { loadPaths: [root, path.join(root, 'node_modules')], quietDeps: true },
    },
  },
  // GOV.UK Frontend keeps IE hacks (`screen\9`) that Lightning CSS refuses; esbuild minifies them.
  build: { sourcemap: true, chunkSizeWarningLimit: 600, cssMinify: 'esbuild' },
});
