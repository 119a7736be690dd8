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

await runExample(onTheCluster);
