import { onBeforeUnmount, onMounted, type Ref, ref } from 'vue';

// One clock for the whole tab: a table of fifty countdowns ticks on one timer, not fifty.
const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

/** The current time in milliseconds, updated every second while a component that asked for it lives. */
export function useNow(): Ref<number> {
  onMounted(() => {
    users += 1;
    now.value = Date.now();
    timer ??= setInterval(() => {
      now.value = Date.now();
    }, 1000);
  });
  onBeforeUnmount(() => {
    users -= 1;
    if (users === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  });
  return now;
}
