/**
 * Runs `work` now and then every `intervalMs` until stopped, never two runs at a time; a run whose result says
 * `again` (a full batch) is followed at once, so a backlog drains without waiting for the timer. The timer does
 * not keep the process alive; the returned stop waits for the run under way.
 */
export function startLoop<T>(
  work: () => Promise<T>,
  options: { intervalMs: number; again?: (result: T) => boolean; onError?: (error: unknown) => void },
): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    running = (async () => {
      try {
        let result: T;
        do {
          result = await work();
        } while (!stopped && (options.again?.(result) ?? false));
      } catch (error) {
        options.onError?.(error);
      }
      if (!stopped) {
        timer = setTimeout(tick, options.intervalMs);
        timer.unref();
      }
    })();
  };
  tick();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
