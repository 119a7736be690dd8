/**
 * Seed 001, "Handle Evolving Workflows", way 1: asCompleted. Parse every file in parallel and
 * count its items; as each count arrives, submit one task per item at a higher priority, so
 * existing data is processed before more files are parsed. How much work there is becomes known
 * only as the work runs.
 *
 *   weft run examples/evolving-as-completed.ts                 # on the cluster
 *   weft run examples/evolving-as-completed.ts --sequential    # the same functions, in order
 *   weft run examples/evolving-as-completed.ts --time-scale 0.1
 *
 * The seed's random sleeps and lists are seeded by file name here, so every run (and the
 * sequential one) produces the same items; --time-scale shrinks the sleeps (default 0.1).
 */
import { asCompleted, Client, type Future } from "weft";

const FILENAMES = Array.from({ length: 10 }, (_, i) => `file.${i}.txt`);

/** A small seeded generator, so a file always yields the same items and sleeps. */
function seeded(text: string): () => number {
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
function sleep(seconds: number): void {
  const scale = Number(process.env["WEFT_TIME_SCALE"] ?? "0.1");
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * scale * 1000);
}

/** Returns a list of work items of unknown length. */
function parseFile(fn: string): number[] {
  const random = seeded(fn);
  sleep(random());
  return Array.from({ length: 1 + Math.floor(random() * 10) }, () => random());
}

/** Processes one work item. */
function processItem(x: number): number {
  sleep(seeded(String(x))() / 4);
  return x + 1;
}

function count(list: readonly number[]): number {
  return list.length;
}

function getItem(list: readonly number[], i: number): number {
  return list[i] as number;
}

function sequential(): number[] {
  const results: number[] = [];
  for (const fn of FILENAMES) {
    for (const x of parseFile(fn)) results.push(processItem(x));
  }
  return results;
}

async function onTheCluster(): Promise<number[]> {
  const client = new Client();
  const lists = client.with({ pure: false }).map(parseFile, FILENAMES);
  const lengths = client.map(count, lists);
  const listOf = new Map(lengths.map((length, i) => [length.key, lists[i] as Future<number[]>]));

  const futures: Future<number>[] = [];
  const urgent = client.with({ priority: 1 });
  // Pairs of [future, result]: the future itself is needed to find its list.
  for await (const [future, n] of asCompleted(lengths, { withResults: true })) {
    const list = listOf.get(future.key) as Future<number[]>;
    for (let i = 0; i < n; i++) {
      const item = urgent.submit(getItem, list, i);
      futures.push(urgent.submit(processItem, item));
    }
  }
  const results = await client.gather(futures);
  await client.close();
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

const args = process.argv.slice(2);
const scaleAt = args.indexOf("--time-scale");
if (scaleAt >= 0) process.env["WEFT_TIME_SCALE"] = args[scaleAt + 1];
report(args.includes("--sequential") ? sequential() : await onTheCluster());
