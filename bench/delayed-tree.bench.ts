/**
 * A tree reduction over 65,536 leaves (inc on each leaf, add of neighbours up to one total):
 * tasks per second against Dask's threaded scheduler; and the memory each node costs while
 * building a graph of a million nodes (goal: under 1 KB).
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { loadBuiltWeft, type Weft } from "./load-weft";
import { runDask } from "./peers/dask";
import { printTable, type Measurement } from "./table";

const LEAVES = 65_536;

function buildTree(weft: Weft, leaves: number) {
  const inc = weft.delayed((x: number) => x + 1);
  const add = weft.delayed((x: number, y: number) => x + y);
  let level = Array.from({ length: leaves }, (_, i) => inc(i));
  let tasks = leaves;
  while (level.length > 1) {
    const next = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(add(level[i] as never, level[i + 1] as never));
    tasks += next.length;
    level = next;
  }
  return { total: level[0] as ReturnType<typeof inc>, tasks };
}

function collectGarbage(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

async function main(): Promise<void> {
  const weft = await loadBuiltWeft();
  const warm = buildTree(weft, 1024);
  await warm.total.compute();

  let bestRate = 0;
  const expected = (LEAVES * (LEAVES + 1)) / 2;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    const { total, tasks } = buildTree(weft, LEAVES);
    const value = await total.compute();
    if (value !== expected) throw new Error(`wrong total ${value}`);
    bestRate = Math.max(bestRate, tasks / ((performance.now() - started) / 1000));
  }
  await weft.shutdown();

  const gc = collectGarbage();
  gc();
  const before = process.memoryUsage().heapUsed;
  const big = buildTree(weft, 2 ** 19);
  gc();
  const perNode = (process.memoryUsage().heapUsed - before) / big.tasks;
  if (big.total.key === "") throw new Error("unreachable: keeps the graph alive until measured");

  const dask = runDask("tree", LEAVES);
  const rows: Measurement[] = [
    {
      name: "weft delayed tree reduction",
      value: bestRate,
      unit: "tasks/s",
      higherIsBetter: true,
      note: `${(2 * LEAVES - 1).toLocaleString("en-US")} tasks, build + compute`,
    },
  ];
  if (dask !== undefined) {
    rows.push({
      name: "Dask delayed, threaded scheduler",
      value: dask.tasks / dask.seconds,
      unit: "tasks/s",
      higherIsBetter: true,
      note: "same tree, build + compute",
    });
  }
  rows.push({
    name: "memory per node, 1M-node graph",
    value: perNode,
    unit: "bytes",
    higherIsBetter: false,
    note: `${big.tasks.toLocaleString("en-US")} nodes; goal < 1024 bytes`,
  });
  printTable(
    `tree reduction over ${LEAVES.toLocaleString("en-US")} leaves`,
    rows,
    dask === undefined ? "weft delayed tree reduction" : "Dask delayed, threaded scheduler",
  );
}

void main();
