const chains = new Map<string, Promise<unknown>>();

/**
 * Runs `task` when no other run of the same name is going, in this tab (a promise chain) and in every other
 * tab of the phone (the Web Locks API), so that two senders never pick up the same waiting item at once.
 */
export function exclusively<T>(name: string, task: () => Promise<T>): Promise<T> {
  // The lock is held until the task's promise settles, and the request answers with the task's outcome.
  const locked = (): Promise<T> =>
    'locks' in navigator ? (navigator.locks.request(`huying:${name}`, task) as Promise<T>) : task();
  const previous = chains.get(name) ?? Promise.resolve();
  const run = previous.then(locked, locked);
  chains.set(
    name,
    run.catch(() => undefined),
  );
  return run;
}
