/**
 * Seed 001, "Handle Evolving Workflows", way 3: tasks that submit tasks. Each file is one task
 * that parses it, submits one task per item through getClient(), and gives its worker slot back
 * (secede) while it waits for them, taking one again afterwards (rejoin).
 *
 *   weft run examples/evolving-tasks-from-tasks.ts
 *   weft run examples/evolving-tasks-from-tasks.ts --sequential
 *   weft run examples/evolving-tasks-from-tasks.ts --time-scale 0.1
 */
import { Client, getClient, rejoin, secede } from "weft";

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

function sequential(): number[] {
  const results: number[] = [];
  for (const fn of FILENAMES) {
    for (const x of parseFile(fn)) results.push(processItem(x));
  }
  return results;
}

/** One file, as a task: parse it, then process its items as tasks of their own. */
async function handleFileInTask(fn: string): Promise<number[]> {
  const list = parseFile(fn);
  const client = getClient();
  const futures = client.with({ priority: 10 }).map(processItem, list);
  secede();
  const results = await client.gather(futures);
  rejoin();
  return results;
}

async function onTheCluster(): Promise<number[]> {
  const client = new Client();
  const futures = client.with({ pure: false }).map(handleFileInTask, FILENAMES);
  const results = (await client.gather(futures)).flat();
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
