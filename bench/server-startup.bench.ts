/**
 * The language server from cold: time from starting the process to diagnostics for all 50 open
 * files of a project, and the server's memory then. Peers in the same run on the same project:
 * `tsc --noEmit` over it (time and peak memory), and a bare server answering `initialize`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LspSession } from "../test/server/lspSession";
import { loopyFile } from "./loopySource";
import { printTable, type Measurement } from "./table";

const FILES = 50;

function makeProject(dir: string): string[] {
  writeFileSync(
    join(dir, "shared.ts"),
    "export function weigh(n: number): number {\n  let w = 0;\n  for (let i = 0; i < n; i++) w += i % 3;\n  return w;\n}\n",
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: "ES2022",
        module: "ESNext",
        moduleResolution: "Bundler",
        noEmit: true,
      },
      include: ["*.ts"],
    }),
  );
  const paths: string[] = [];
  for (let i = 0; i < FILES; i++) {
    const path = join(dir, `part${i}.ts`);
    const body = loopyFile(120, `p${i}_`);
    writeFileSync(
      path,
      `import { weigh } from "./shared";\n${body}export function total${i}(xs: number[]): number[] {\n  const out: number[] = [];\n  for (const x of xs) {\n    out.push(weigh(x));\n  }\n  return out;\n}\n`,
    );
    paths.push(path);
  }
  return paths;
}

/** Resident and peak memory of a process, from /proc (Linux), in MiB. */
function memoryOf(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name: string): number =>
      Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
    return { rss: field("VmRSS"), peak: field("VmHWM") };
  } catch {
    return undefined;
  }
}

async function serverFirstDiagnostics(
  paths: string[],
): Promise<{ ms: number; rss: number; peak: number }> {
  const started = performance.now();
  const session = await LspSession.start();
  try {
    const uris = await Promise.all(
      paths.map((path) => session.open(path, readFileSync(path, "utf8"))),
    );
    await Promise.all(uris.map((uri) => session.diagnostics(uri, 1)));
    const ms = performance.now() - started;
    const memory = memoryOf(session.child.pid ?? 0);
    return { ms, rss: memory?.rss ?? NaN, peak: memory?.peak ?? NaN };
  } finally {
    await session.shutdown();
  }
}

async function bareInitialize(): Promise<number> {
  const started = performance.now();
  const session = await LspSession.start();
  const ms = performance.now() - started;
  await session.shutdown();
  return ms;
}

function tscRun(dir: string): { ms: number; peak: number } {
  const tsc = join(__dirname, "..", "node_modules", "typescript", "lib", "tsc.js");
  const started = performance.now();
  // Peak memory as the process itself reports it when it exits.
  const result = spawnSync(
    process.execPath,
    [
      "-e",
      `process.on("exit", () => process.stderr.write("maxrss=" + process.resourceUsage().maxRSS + "\\n")); process.argv.splice(1, 1); require(${JSON.stringify(tsc)});`,
      "tsc",
      "-p",
      dir,
    ],
    { encoding: "utf8" },
  );
  const ms = performance.now() - started;
  const kib = Number(/maxrss=(\d+)/.exec(result.stderr)?.[1] ?? NaN);
  return { ms, peak: kib / 1024 };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "weft-bench-startup-"));
  try {
    const paths = makeProject(dir);
    const tsc = tscRun(dir);
    const bare = await bareInitialize();
    const weft = await serverFirstDiagnostics(paths);
    const lines = paths.reduce((sum, p) => sum + readFileSync(p, "utf8").split("\n").length, 0);
    const time: Measurement[] = [
      {
        name: "tsc --noEmit -p (cold)",
        value: tsc.ms,
        unit: "ms",
        higherIsBetter: false,
        note: "peer",
      },
      {
        name: "server start + initialize",
        value: bare,
        unit: "ms",
        higherIsBetter: false,
        note: "no documents",
      },
      {
        name: "weft: start → diagnostics for all 50 files",
        value: weft.ms,
        unit: "ms",
        higherIsBetter: false,
        note: `${lines.toLocaleString("en-US")} lines (target < 2 s)`,
      },
    ];
    printTable(
      `First diagnostics on a ${FILES}-file project after the server starts`,
      time,
      "tsc --noEmit -p (cold)",
    );
    const memory: Measurement[] = [
      {
        name: "tsc --noEmit -p, peak",
        value: tsc.peak,
        unit: "MiB",
        higherIsBetter: false,
        note: "peer",
      },
      {
        name: "weft server, resident",
        value: weft.rss,
        unit: "MiB",
        higherIsBetter: false,
        note: "target < 300 MB",
      },
      { name: "weft server, peak", value: weft.peak, unit: "MiB", higherIsBetter: false, note: "" },
    ];
    printTable(`Server memory with ${FILES} files open`, memory, "tsc --noEmit -p, peak");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
