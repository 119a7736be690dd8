/**
 * Seed 001's evolving workflow (10 files of 1–10 items; parse sleeps up to 1 s, items up to
 * 0.25 s) with its sleeps scaled down 10×, on 2 warm workers, the three ways of the seed.
 * The baseline is the ideal for 2 workers: the larger of half the total work and the longest
 * chain (a file's parse then its longest item), computed from the same seeded durations.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Future } from "weft";
import { repoRoot } from "../test/support/paths";
import { loadBuiltWeft } from "./load-weft";
import { printTable, type Measurement } from "./table";

const SCALE = 0.1;
const FILENAMES = Array.from({ length: 10 }, (_, i) => `file.${i}.txt`);
const fixture = pathToFileURL(join(repoRoot, "bench/fixtures/evolving-tasks.mjs")).href;

interface Fixture {
  seeded(text: string): () => number;
  parseFile(fn: string, scale: number): number[];
  processItem(x: number, scale: number): number;
  count(list: number[]): number;
  getItem(list: number[], i: number): number;
  handleFileInTask(fn: string, scale: number): Promise<number[]>;
}

/** The ideal wall time for 2 workers, in ms, from the seeded durations. */
function idealMs(local: Fixture): { ideal: number; work: number; chain: number } {
  let work = 0;
  let chain = 0;
  for (const fn of FILENAMES) {
    const random = local.seeded(fn);
    const parse = random() * 1000 * SCALE;
    const items = Array.from({ length: 1 + Math.floor(random() * 10) }, () => random());
    const itemMs = items.map((x) => (local.seeded(String(x))() / 4) * 1000 * SCALE);
    work += parse + itemMs.reduce((a, b) => a + b, 0);
    chain = Math.max(chain, parse + Math.max(...itemMs));
  }
  return { ideal: Math.max(work / 2, chain), work, chain };
}

async function main(): Promise<void> {
  const local = (await import(fixture)) as Fixture;
  const weft = await loadBuiltWeft();
  const fn = <K extends keyof Fixture>(name: K): Fixture[K] =>
    weft.moduleFunction<Fixture[K]>(fixture, name);
  weft.configure({ workers: 2 });
  const client = new weft.Client();
  // Warm: start both workers and load the module in each.
  await client.gather(client.with({ pure: false }).map(fn("count"), [[1], [2], [3], [4]]));

  const ways: Record<string, () => Promise<number[]>> = {
    asCompleted: async () => {
      const lists = client.with({ pure: false }).map(
        fn("parseFile"),
        FILENAMES,
        FILENAMES.map(() => SCALE),
      );
      const lengths = client.map(fn("count"), lists);
      const listOf = new Map(
        lengths.map((length, i) => [length.key, lists[i] as Future<number[]>]),
      );
      const futures: Future<number>[] = [];
      const urgent = client.with({ priority: 1 });
      for await (const [future, n] of weft.asCompleted(lengths, { withResults: true })) {
        const list = listOf.get(future.key) as Future<number[]>;
        for (let i = 0; i < n; i++) {
          futures.push(
            urgent.submit(fn("processItem"), urgent.submit(fn("getItem"), list, i), SCALE),
          );
        }
      }
      return client.gather(futures);
    },
    "async/await": async () => {
      const handle = async (name: string): Promise<Future<number>[]> => {
        const future = client.with({ pure: false }).submit(fn("parseFile"), name, SCALE);
        const length = await client.submit(fn("count"), future);
        const urgent = client.with({ priority: 10 });
        const items = Array.from({ length }, (_, i) => urgent.submit(fn("getItem"), future, i));
        return urgent.map(
          fn("processItem"),
          items,
          items.map(() => SCALE),
        );
      };
      return client.gather((await Promise.all(FILENAMES.map(handle))).flat());
    },
    "tasks from tasks": async () =>
      (
        await client.gather(
          client.with({ pure: false }).map(
            fn("handleFileInTask"),
            FILENAMES,
            FILENAMES.map(() => SCALE),
          ),
        )
      ).flat(),
  };

  const { ideal, work, chain } = idealMs(local);
  const rows: Measurement[] = [
    {
      name: "ideal for 2 workers",
      value: ideal,
      unit: "ms",
      higherIsBetter: false,
      note: `work ${work.toFixed(0)} ms / 2, longest chain ${chain.toFixed(0)} ms`,
    },
  ];
  for (const [name, run] of Object.entries(ways)) {
    let best = Infinity;
    for (let round = 0; round < 3; round++) {
      const started = performance.now();
      const results = await run();
      best = Math.min(best, performance.now() - started);
      if (results.length === 0) throw new Error("no results");
    }
    rows.push({
      name: `weft ${name}`,
      value: best,
      unit: "ms",
      higherIsBetter: false,
      note: "goal within 15% of ideal",
    });
  }
  await client.close();
  await weft.shutdown();
  printTable(
    "seed 001 evolving workflow, sleeps ÷10, 2 workers (best of 3)",
    rows,
    "ideal for 2 workers",
  );
}

void main();
