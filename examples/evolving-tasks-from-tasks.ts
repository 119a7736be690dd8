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
import { FILENAMES, parseFile, processItem, runExample } from "./lib/evolving-files";

/** One file, as a task: parse it, then process its items as tasks of their own. */
async function handleFileInTask(fn: string): Promise<number[]> {
  const list = parseFile(fn);
  const client = getClient();
  const futures = client.with({ priority: 10 }).map(processItem, list);
  secede();
  const results = await client.gather(futures);
  await rejoin();
  return results;
}

async function onTheCluster(): Promise<number[]> {
  const client = new Client();
  const futures = client.with({ pure: false }).map(handleFileInTask, FILENAMES);
  const results = (await client.gather(futures)).flat();
  await client.close();
  return results;
}

await runExample(onTheCluster);
