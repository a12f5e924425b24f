import './library-styles.ts';
import 'leaflet/dist/leaflet.css';
import './styles.css';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n/index.ts';
import { router } from './router.ts';
import { preloadShell } from './shells.ts';

// After the sign-in guard, so a redirected navigation loads only the shell of where it ends.
router.beforeEach((to) => {
  preloadShell(to.meta.shell);
});

createApp(App).use(i18n).use(router).mount('#app');
