import 'element-plus/dist/index.css';
import 'vant/lib/index.css';
import 'leaflet/dist/leaflet.css';
import './styles.css';
import ElementPlus from 'element-plus';
import Vant from 'vant';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n/index.ts';
import { router } from './router.ts';

createApp(App).use(i18n).use(router).use(ElementPlus).use(Vant).mount('#app');
