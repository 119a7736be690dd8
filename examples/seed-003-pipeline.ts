/**
 * Seed 003, "Custom Parallel Workflows": a load → clean → analyze → store pipeline, first as a
 * raw graph (keys, `task` and `ref`, run with `get`), then as ordinary-looking code with `delayed`.
 *
 *   weft run examples/seed-003-pipeline.ts
 *   weft run examples/seed-003-pipeline.ts --sequential
 */
import { createHash } from "node:crypto";
import { delayed, get, ref, task } from "weft";

const FILES = ["myfile.a.data", "myfile.b.data", "myfile.c.data"];

/** Stands in for reading a file: 1,000 deterministic readings derived from its name. */
function load(filename: string): number[] {
  const readings: number[] = [];
  let seed = createHash("sha256").update(filename).digest().readUInt32LE(0);
  for (let i = 0; i < 1000; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    readings.push(seed % 200 === 0 ? Number.NaN : (seed % 1000) / 10);
  }
  return readings;
}

/** Drops the missing readings. */
function clean(data: number[]): number[] {
  return data.filter((value) => !Number.isNaN(value));
}

function analyze(sequenceOfData: number[][]): { count: number; mean: number; max: number } {
  const all = sequenceOfData.flat();
  const sum = all.reduce((total, value) => total + value, 0);
  return { count: all.length, mean: sum / all.length, max: Math.max(...all) };
}

function store(result: { count: number; mean: number; max: number }): string {
  return `stored count=${result.count} mean=${result.mean.toFixed(3)} max=${result.max}`;
}

function sequential(): string {
  return store(analyze(FILES.map((file) => clean(load(file)))));
}

async function asRawGraph(): Promise<string> {
  const graph = {
    "load-1": task(load, FILES[0] as string),
    "load-2": task(load, FILES[1] as string),
    "load-3": task(load, FILES[2] as string),
    "clean-1": task(clean, ref("load-1")),
    "clean-2": task(clean, ref("load-2")),
    "clean-3": task(clean, ref("load-3")),
    analyze: task(
      analyze,
      [1, 2, 3].map((i) => ref(`clean-${i}`)),
    ),
    store: task(store, ref("analyze")),
  };
  return get(graph, "store");
}

async function withDelayed(): Promise<string> {
  const loads = FILES.map((file) => delayed(load)(file));
  const cleaned = loads.map((x) => delayed(clean)(x));
  const analysis = delayed(analyze)(cleaned);
  const result = delayed(store)(analysis);
  return result.compute();
}

if (process.argv.includes("--sequential")) {
  const expected = sequential();
  console.log(`raw graph: ${expected}`);
  console.log(`delayed:   ${expected}`);
} else {
  console.log(`raw graph: ${await asRawGraph()}`);
  console.log(`delayed:   ${await withDelayed()}`);
}
