/** The futures examples (seeds 000, 001 and 002) and the shape of what each prints. */
export const FUTURES_EXAMPLES: Record<string, RegExp> = {
  "evolving-as-completed.ts": /^50 items processed, total [\d.]+\n[\d. ]+\n$/,
  "evolving-async-await.ts": /^50 items processed, total [\d.]+\n[\d. ]+\n$/,
  "evolving-tasks-from-tasks.ts": /^50 items processed, total [\d.]+\n[\d. ]+\n$/,
  "nested-load-score.ts": /^72 scores, best [\d.]+\nbest per file: [\d.]+( [\d.]+){5}\n$/,
  "parallel-map-workers.ts":
    /^sums: 5 6 7 8 9 10 11 12 13 14\nlabels: \d+ positive, \d+ negative\nfirst labels: \w+( \w+){7}\n$/,
};

/** The delayed examples (issue 3's), for the runs on a cluster process. */
export const DELAYED_EXAMPLES: Record<string, RegExp> = {
  "seed-004-delayed.ts": /^z = 3\ntotal = 65536\n$/,
  "seed-003-pipeline.ts":
    /^raw graph: stored count=\d+ mean=[\d.]+ max=[\d.]+\ndelayed: {3}stored count=\d+/,
  "nested-cross-validation.ts": /^(outer fold \d: penalty [\d.]+, test MSE [\d.]+\n){4}$/,
};
