// The component resolvers (vite.config.ts) bring the CSS of what templates use. These are the CSS of what
// scripts call — ElMessage, ElMessageBox, showToast, showImagePreview — which no resolver sees.
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import 'vant/es/toast/style/index';
import 'vant/es/image-preview/style/index';
