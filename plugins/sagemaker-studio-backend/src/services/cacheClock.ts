/**
 * lru-cache options that read the time from `now` (the plugin's clock, a
 * test's movable one) to the millisecond. One is added because the cache
 * reads a start time of 0 as "never expires", and a test clock may start
 * there.
 */
export function cacheClock(now: () => number) {
  return { perf: { now: () => now() + 1 }, ttlResolution: 0 };
}
