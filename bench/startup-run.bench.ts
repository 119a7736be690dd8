/**
 * `weft run` start-up overhead: a program with one task, from process start to exit, against
 * plain `node` running the same function without Weft (goal: under 300 ms more), and against
 * `tsx` running the TypeScript version without Weft (the usual way to run TypeScript with no
 * build step). Then Ctrl-C: from SIGINT to exit for a run whose workers are inside long tasks
 * (cancelled, workers stopped, summary printed), against plain node killed by the default
 * SIGINT handler while its worker thread spins. Rounds are interleaved so every row sees the
 * same machine load.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot, runtimeDist } from "../test/support/paths";
import { percentile, printTable } from "./table";

const ROUNDS = 15;
const INTERRUPT_ROUNDS = 5;
const cli = join(runtimeDist, "cli.mjs");
const tsx = join(repoRoot, "node_modules/tsx/dist/cli.mjs");

const PROGRAMS: Record<string, string> = {
  "plain.mjs": "function inc(x) {\n  return x + 1;\n}\nconsole.log(inc(1));\n",
  "plain.ts": "function inc(x: number): number {\n  return x + 1;\n}\nconsole.log(inc(1));\n",
  "one-task.mjs":
    'import { delayed } from "weft";\nfunction inc(x) {\n  return x + 1;\n}\n' +
    "console.log(await delayed(inc)(1).compute());\n",
  "one-task.ts":
    'import { delayed } from "weft";\nfunction inc(x: number): number {\n  return x + 1;\n}\n' +
    "console.log(await delayed(inc)(1).compute());\n",
  // Two long tasks (one per worker), each marking that it started.
  "long.ts":
    'import { writeFileSync } from "node:fs";\nimport { compute, delayed } from "weft";\n' +
    "function spin(i: number, dir: string): number {\n" +
    "  writeFileSync(`${dir}/started-${i}`, '');\n" +
    "  const end = Date.now() + 30_000;\n  while (Date.now() < end) {}\n  return i;\n}\n" +
    "await compute([0, 1].map((i) => delayed(spin)(i, process.argv[2] as string)));\n",
  // The same without Weft: a worker thread spinning, the main thread waiting for it.
  "long-plain.mjs":
    'import { Worker } from "node:worker_threads";\nimport { writeFileSync } from "node:fs";\n' +
    'const w = new Worker("const end = Date.now() + 30000; while (Date.now() < end) {}", { eval: true });\n' +
    "w.on('online', () => writeFileSync(`${process.argv[2]}/started-0`, ''));\n",
};

interface Variant {
  readonly name: string;
  readonly args: (dir: string) => string[];
  readonly note?: string;
}

const STARTUP: readonly Variant[] = [
  { name: "node plain.mjs (no Weft)", args: (dir) => [join(dir, "plain.mjs")] },
  { name: "tsx plain.ts (no Weft)", args: (dir) => [tsx, join(dir, "plain.ts")] },
  { name: "weft run one-task.mjs", args: (dir) => [cli, "run", join(dir, "one-task.mjs")] },
  { name: "weft run one-task.ts", args: (dir) => [cli, "run", join(dir, "one-task.ts")] },
];

function timeRun(args: readonly string[], cwd: string): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
  const elapsed = performance.now() - started;
  if (run.status !== 0 || run.stdout.trim() !== "2") {
    throw new Error(`${args.join(" ")} failed (${run.status}): ${run.stdout}${run.stderr}`);
  }
  return elapsed;
}

/** ms from SIGINT (sent once a task is running) to the process's exit, and its exit code. */
async function timeInterrupt(
  args: readonly string[],
  cwd: string,
  markers: string,
): Promise<{ ms: number; code: number | null; signal: string | null }> {
  rmSync(markers, { recursive: true, force: true });
  mkdirSync(markers);
  const child = spawn(process.execPath, [...args, markers], { cwd, stdio: "ignore" });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  while (!existsSync(markers) || readdirSync(markers).length === 0) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const sent = performance.now();
  child.kill("SIGINT");
  const { code, signal } = await exited;
  return { ms: performance.now() - sent, code, signal };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "weft-bench-run-"));
  for (const [name, source] of Object.entries(PROGRAMS)) writeFileSync(join(dir, name), source);
  try {
    // One warm-up of each, for the file system cache, then interleaved rounds.
    for (const variant of STARTUP) timeRun(variant.args(dir), dir);
    const times = new Map<string, number[]>(STARTUP.map((v) => [v.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of STARTUP) times.get(variant.name)?.push(timeRun(variant.args(dir), dir));
    }
    const p50 = (name: string): number => percentile(times.get(name) ?? [], 50);
    const node = p50("node plain.mjs (no Weft)");
    printTable(
      `weft run start-up: one task, process start to exit (p50 of ${ROUNDS} runs)`,
      STARTUP.map((variant) => ({
        name: variant.name,
        value: p50(variant.name),
        unit: "ms",
        higherIsBetter: false,
        note: variant.name.startsWith("weft")
          ? `+${(p50(variant.name) - node).toFixed(0)} ms over node (goal < 300 ms)`
          : variant.name.startsWith("tsx")
            ? `+${(p50(variant.name) - node).toFixed(0)} ms over node`
            : "",
      })),
      "node plain.mjs (no Weft)",
    );

    const markers = join(dir, "markers");
    const weftStops: number[] = [];
    const nodeStops: number[] = [];
    const codes = new Set<string>();
    for (let round = 0; round < INTERRUPT_ROUNDS; round++) {
      const weft = await timeInterrupt([cli, "run", "--workers", "2", "long.ts"], dir, markers);
      weftStops.push(weft.ms);
      codes.add(`weft exit ${weft.code}`);
      const plain = await timeInterrupt([join(dir, "long-plain.mjs")], dir, markers);
      nodeStops.push(plain.ms);
      codes.add(`node ${plain.signal ?? plain.code}`);
    }
    printTable(
      `Ctrl-C while every worker is inside a 30 s task: SIGINT to exit (p50 of ${INTERRUPT_ROUNDS})`,
      [
        {
          name: "node, default SIGINT (killed at once)",
          value: percentile(nodeStops, 50),
          unit: "ms",
          higherIsBetter: false,
          note: [...codes].filter((c) => c.startsWith("node")).join(", "),
        },
        {
          name: "weft run: cancel, stop workers, summary",
          value: percentile(weftStops, 50),
          unit: "ms",
          higherIsBetter: false,
          note: `${[...codes].filter((c) => c.startsWith("weft")).join(", ")}; goal < 1000 ms, max ${Math.max(...weftStops).toFixed(0)} ms`,
        },
      ],
      "node, default SIGINT (killed at once)",
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
