/**
 * Seed 004, "Custom Workloads with Dask Delayed": inc/dec/add made lazy with `delayed`, 256 of
 * them persisted on the cluster, then summed with a tree reduction.
 *
 *   weft run examples/seed-004-delayed.ts                 # on the cluster
 *   weft run examples/seed-004-delayed.ts --sequential    # the same functions, one after another
 *   weft run examples/seed-004-delayed.ts --visualize tree.svg
 */
import { compute, delayed, persist, visualize, type Delayed } from "weft";

function inc(x: number): number {
  return x + 1;
}

function dec(x: number): number {
  return x - 1;
}

function add(x: number, y: number): number {
  return x + y;
}

const ITEMS = 256;

function sequential(): { z: number; total: number } {
  const z = add(inc(1), dec(2));
  let level: number[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const x = inc(i);
    const y = dec(x);
    level.push(add(x, y));
  }
  while (level.length > 1) {
    const next: number[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(add(level[i] ?? 0, level[i + 1] ?? 0));
    level = next;
  }
  return { z, total: level[0] ?? 0 };
}

async function onTheCluster(
  visualizeTo: string | undefined,
): Promise<{ z: number; total: number }> {
  const lazyInc = delayed(inc);
  const lazyDec = delayed(dec);
  const lazyAdd = delayed(add);

  // Calling the lazy functions only builds a graph.
  const z = lazyAdd(lazyInc(1), lazyDec(2));

  const zs: Delayed<number>[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const x = lazyInc(i);
    const y = lazyDec(x);
    zs.push(lazyAdd(x, y));
  }
  // Start the work in the background; the results stay on the cluster.
  let level = await persist(...zs);

  // Tree summation: add neighbours until one value is left.
  while (level.length > 1) {
    const next: Delayed<number>[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(lazyAdd(level[i] as Delayed<number>, level[i + 1] as Delayed<number>));
    }
    level = next;
  }
  const total = level[0] as Delayed<number>;
  const [zValue, totalValue] = await compute(z, total);
  if (visualizeTo !== undefined) await visualize(total, { filename: visualizeTo });
  return { z: zValue, total: totalValue };
}

const args = process.argv.slice(2);
const visualizeAt = args.indexOf("--visualize");
const result = args.includes("--sequential")
  ? sequential()
  : await onTheCluster(visualizeAt >= 0 ? args[visualizeAt + 1] : undefined);
console.log(`z = ${result.z}`);
console.log(`total = ${result.total}`);
