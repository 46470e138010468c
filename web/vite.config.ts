import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

const UI =
  /node_modules[\\/]element-plus[\\/]es[\\/](hooks|utils|constants|directives|locale|components[\\/](button|input|form|radio|alert|tag|empty|loading|result|timeline|cascader|cascader-panel|icon|config-provider|tooltip|popper|scrollbar|checkbox|focus-trap|slot|visual-hidden|teleport|collection|roving-focus-group|badge)[\\/])/;
const UI_DEPS =
  /node_modules[\\/](@element-plus|@floating-ui|@vueuse|lodash-es|lodash-unified|async-validator|@ctrl|normalize-wheel-es|memoize-one|@popperjs)[\\/]/;
const APP =
  /web[\\/]src[\\/](lib|stores|api|i18n|components[\\/](StatusTag|LocaleSwitch))[\\/.]|plugin-vue:export-helper/;
const APP_LAZY = /web[\\/]src[\\/]lib[\\/](echarts|xlsx|export|suggestions)\.ts/;

/**
 * The web application: built from web/ into dist/web, served by `banshi serve`. Every face (resident, console,
 * workbench, dashboard, public, ledger, admin) is a lazy route; ECharts and Leaflet live in chunks of their
 * own so that the resident's first load carries neither.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [vue()],
  define: {
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/open311': 'http://127.0.0.1:3000',
      '/feeds': 'http://127.0.0.1:3000',
      '/calendar': 'http://127.0.0.1:3000',
    },
  },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    manifest: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 30 },
            { name: 'leaflet', test: /node_modules[\\/]leaflet[\\/]/, priority: 20 },
            {
              name: 'vue',
              test: /node_modules[\\/](@vue|vue|vue-router|vue-i18n|@intlify)[\\/]/,
              priority: 10,
            },
            // The Element Plus parts every face uses (forms, buttons, tags, alerts…) in one chunk, so that a
            // page does not wait on a dozen small ones; tables, dialogs, drawers, date pickers stay with the
            // staff pages that use them.
            { name: 'ui', test: (id: string) => UI.test(id) || UI_DEPS.test(id), priority: 5 },
            // The application's own small shared modules (API client, stores, formatting) likewise.
            { name: 'app', test: (id: string) => APP.test(id) && !APP_LAZY.test(id), priority: 4 },
          ],
        },
      },
    },
  },
});
