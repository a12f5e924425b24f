import { defineAsyncComponent } from 'vue';
import type { RouteMeta } from 'vue-router';

// Each shell is built of one library (Element Plus's menu, Vant's nav bar): loaded with the first screen
// that needs it, a phone never downloads the desktop's shell and a desktop never downloads the phone's.
const loaders = {
  desktop: () => import('./components/DesktopShell.vue'),
  phone: () => import('./components/PhoneShell.vue'),
};

export const DesktopShell = defineAsyncComponent(loaders.desktop);
export const PhoneShell = defineAsyncComponent(loaders.phone);

/**
 * Starts loading the shell a route needs while the router loads the screen, rather than after it.
 * A failure here is ignored: the async component makes the import itself and reports a failure.
 */
export function preloadShell(shell: RouteMeta['shell']): void {
  if (shell === 'desktop' || shell === 'phone') loaders[shell]().catch(() => undefined);
}
