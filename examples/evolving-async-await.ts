/**
 * Seed 001, "Handle Evolving Workflows", way 2: async/await. Each file's whole lifecycle is one
 * async function in the program: submit the parse, await its length, then submit one task per
 * item at a higher priority. The files proceed concurrently in this one thread.
 *
 *   weft run examples/evolving-async-await.ts
 *   weft run examples/evolving-async-await.ts --sequential
 *   weft run examples/evolving-async-await.ts --time-scale 0.1
 */
import { Client, type Future } from "weft";
import {
  count,
  FILENAMES,
  getItem,
  parseFile,
  processItem,
  sequential,
} from "./lib/evolving-files";

async function onTheCluster(): Promise<number[]> {
  const client = new Client();

  /** Handles the lifecycle of a single file. */
  async function handleFile(fn: string): Promise<Future<number>[]> {
    const future = client.with({ pure: false }).submit(parseFile, fn);
    const length = await client.submit(count, future);
    const urgent = client.with({ priority: 10 });
    const items = Array.from({ length }, (_, i) => urgent.submit(getItem, future, i));
    return urgent.map(processItem, items);
  }

  const listsOfFutures = await Promise.all(FILENAMES.map(handleFile));
  const results = await client.gather(listsOfFutures.flat());
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
