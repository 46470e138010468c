import 'element-plus/dist/index.css';
import './styles.css';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n';
import { router } from './router';
import { loadSession } from './stores/session';

// Ask who is logged in while the first page's code loads, and fetch that code meanwhile (the router would wait
// for the answer before asking for it).
void loadSession().catch(() => undefined);
for (const record of router.resolve(location.pathname).matched) {
  const load = record.components?.default;
  if (typeof load === 'function') void (load as () => Promise<unknown>)().catch(() => undefined);
}
document.documentElement.lang = i18n.global.locale.value;
createApp(App).use(i18n).use(router).mount('#app');
