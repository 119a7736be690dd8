/**
 * Seed 002, "General Python": a nested loop that loads each data file in the outer loop and
 * scores every parameter set against it in the inner loop, with submit and gather. Each file is
 * loaded once (its future is passed to every score), then the best score wins. The same
 * scoring also runs as a plain parallel map over the files, the serverless-style `.map`.
 *
 *   weft run examples/nested-load-score.ts
 *   weft run examples/nested-load-score.ts --sequential
 */
import { Client, LocalCluster, type Future } from "weft";

interface Params {
  readonly window: number;
  readonly threshold: number;
}

const FILENAMES = Array.from({ length: 6 }, (_, i) => `sensor-${i}.csv`);
const PARAMS: Params[] = [2, 4, 8, 16].flatMap((window) =>
  [0.25, 0.5, 0.75].map((threshold) => ({ window, threshold })),
);

/** "Loads" a file: a deterministic signal derived from its name. */
function load(filename: string): number[] {
  let state = [...filename].reduce((h, c) => (h * 33 + c.charCodeAt(0)) >>> 0, 5381);
  return Array.from({ length: 20_000 }, (_, i) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.sin(i / 50) + (state / 2 ** 32 - 0.5);
  });
}

/** How well a moving average with these parameters separates the signal's peaks. */
function score(params: Params, data: readonly number[]): number {
  let hits = 0;
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    sum += data[i] as number;
    if (i >= params.window) sum -= data[i - params.window] as number;
    const average = sum / Math.min(i + 1, params.window);
    if (average > params.threshold === (data[i] as number) > params.threshold) hits++;
  }
  return Math.round((hits / data.length) * 1e6) / 1e6;
}

/** The serverless-style function: one file in, its best score out. */
function processFile(filename: string): number {
  const data = load(filename);
  return Math.max(...PARAMS.map((params) => score(params, data)));
}

function sequential(): { best: number; count: number; perFile: number[] } {
  const results: number[] = [];
  for (const filename of FILENAMES) {
    const data = load(filename);
    for (const params of PARAMS) results.push(score(params, data));
  }
  return { best: Math.max(...results), count: results.length, perFile: FILENAMES.map(processFile) };
}

async function onTheCluster(): Promise<{ best: number; count: number; perFile: number[] }> {
  // As in the seed: a LocalCluster on this machine, unless WEFT_SCHEDULER names a running one.
  const client = process.env["WEFT_SCHEDULER"]
    ? new Client()
    : new Client({ cluster: new LocalCluster() });
  const futures: Future<number>[] = [];
  for (const filename of FILENAMES) {
    const data = client.submit(load, filename); // load in the outer loop
    for (const params of PARAMS) {
      futures.push(client.submit(score, params, data)); // score all pairs in the inner loop
    }
  }
  const results = await client.gather(futures);
  const perFile = await client.gather(client.map(processFile, FILENAMES));
  await client.close();
  await (client.cluster as Partial<LocalCluster>).close?.();
  return { best: Math.max(...results), count: results.length, perFile };
}

const { best, count, perFile } = process.argv.includes("--sequential")
  ? sequential()
  : await onTheCluster();
console.log(`${count} scores, best ${best}`);
console.log(`best per file: ${perFile.join(" ")}`);
