/**
 * Weft priorities (higher first, any number, 0 by default) as BullMQ job priorities (1 is
 * first, up to 2^21; equal priorities run in the order they were added, which keeps the
 * scheduler's graph order).
 */
const BULL_MAX = 2_097_152;
const MIDDLE = 1_048_576;

export function bullPriority(priority: number): number {
  const value = MIDDLE - Math.round(priority);
  return Math.min(BULL_MAX, Math.max(1, value));
}
