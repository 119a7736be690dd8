/**
 * How much per-task detail the dashboard keeps. Everything the user sees as a total comes from
 * the exact per-group counts; these caps only bound the sampled details, so a run of a million
 * tasks costs the app no more memory than one of a few tens of thousands.
 */

/** Tasks whose key, state, dependencies and timing are kept per run. */
export const TASK_DETAIL_LIMIT = 20_000;

/** Above this many tasks the Graph page shows the graph of task groups. */
export const TASK_GRAPH_LIMIT = 5_000;

/** Finished-task rectangles kept per worker thread for the task stream. */
export const STREAM_RECTS_PER_WORKER = 8_000;

/** Failures kept per run (each with its stack). */
export const FAILURE_LIMIT = 500;

/** Runs kept in the picker; the oldest finished run goes first. */
export const RUN_LIMIT = 8;
