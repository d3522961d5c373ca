/**
 * At most one run of a task at a time: callers that arrive while it runs share its result
 * (two alarms, a manual refresh and a popup opening at once make one sync and see one result).
 * Across contexts of the extension the Web Locks API, where present, keeps a second context waiting.
 */
export function singleFlight<A extends unknown[], T>(
  name: string,
  task: (...args: A) => Promise<T>,
  locks: LockManager | undefined = globalThis.navigator?.locks,
): ((...args: A) => Promise<T>) & { running(): boolean } {
  let current: Promise<T> | undefined;
  const run = (...args: A): Promise<T> => {
    if (current) return current;
    const start = () => task(...args);
    current = (locks ? locks.request(name, start) : start()).finally(() => {
      current = undefined;
    });
    return current;
  };
  return Object.assign(run, { running: () => current !== undefined });
}
