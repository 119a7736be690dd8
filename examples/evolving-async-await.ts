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
  runExample,
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

await runExample(onTheCluster);
