import { VantResolver } from '@vant/auto-import-resolver';
import vue from '@vitejs/plugin-vue';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import Components from 'unplugin-vue-components/vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [
    vue(),
    // Each screen's chunk imports the Element Plus or Vant components (and their CSS) that its templates use,
    // rather than the entry carrying both whole libraries to every page. What scripts call (ElMessage,
    // showToast…) they import themselves; the CSS of those is in src/library-styles.ts.
    Components({
      // Only the two libraries: our own components are imported by name where they are used.
      dirs: [],
      resolvers: [
        ElementPlusResolver({ importStyle: 'css', directives: true }),
        VantResolver({ importStyle: 'css' }),
      ],
      // No generated components.d.ts: templates are typed as before (Vant's own types declare its global
      // components), and a file the build rewrites inside web/ would change the hash that decides a rebuild.
      dts: false,
    }),
    VitePWA({
      // An external registerSW.js keeps the page free of inline scripts, which the CSP forbids.
      injectRegister: 'script',
      registerType: 'autoUpdate',
      manifest: {
        name: '呼应 · 网格化指挥调度',
        short_name: '呼应',
        description: '有呼必应：网格化基层治理的事件上报、派遣、督办与考核',
        lang: 'zh-CN',
        start_url: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#c0392b',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      workbox: {
        // The API is never cached by the worker: reports made offline wait in IndexedDB instead.
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/docs/, /^\/openapi\.json/, /^\/healthz/],
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
      },
    }),
  ],
  // Lowered from 2000 once the UI libraries left the entry: the largest chunk is the dashboard's ECharts (~550 kB).
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 600 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
