/**
 * Seed 001's work, shared by its three examples (../evolving-as-completed.ts,
 * evolving-async-await.ts, evolving-tasks-from-tasks.ts): files whose number of work items is
 * only known once they are parsed. Exported functions ship to the workers by module reference.
 */

export const FILENAMES = Array.from({ length: 10 }, (_, i) => `file.${i}.txt`);

/** A small seeded generator, so a file always yields the same items and sleeps. */
export function seeded(text: string): () => number {
  let state = [...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 2166136261);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Blocks the thread like Python's time.sleep (a worker slot stays busy meanwhile). */
export function sleep(seconds: number): void {
  const scale = Number(process.env["WEFT_TIME_SCALE"] ?? "0.1");
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * scale * 1000);
}

/** Returns a list of work items of unknown length. */
export function parseFile(fn: string): number[] {
  const random = seeded(fn);
  sleep(random());
  return Array.from({ length: 1 + Math.floor(random() * 10) }, () => random());
}

/** Processes one work item. */
export function processItem(x: number): number {
  sleep(seeded(String(x))() / 4);
  return x + 1;
}

export function count(list: readonly number[]): number {
  return list.length;
}

export function getItem(list: readonly number[], i: number): number {
  return list[i] as number;
}

export function sequential(): number[] {
  const results: number[] = [];
  for (const fn of FILENAMES) {
    for (const x of parseFile(fn)) results.push(processItem(x));
  }
  return results;
}

function report(results: number[]): void {
  // Items finish in any order on the cluster; sorted, both runs print the same.
  const sorted = [...results].sort((a, b) => a - b);
  console.log(
    `${sorted.length} items processed, total ${sorted.reduce((a, b) => a + b, 0).toFixed(6)}`,
  );
  console.log(sorted.map((x) => x.toFixed(4)).join(" "));
}

/**
 * Runs one of the examples: `--sequential` runs the same functions one after another instead,
 * `--time-scale S` scales the sleeps (default 0.1).
 */
export async function runExample(onTheCluster: () => Promise<number[]>): Promise<void> {
  const args = process.argv.slice(2);
  const scaleAt = args.indexOf("--time-scale");
  if (scaleAt >= 0) process.env["WEFT_TIME_SCALE"] = args[scaleAt + 1];
  report(args.includes("--sequential") ? sequential() : await onTheCluster());
}
