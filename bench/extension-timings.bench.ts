/**
 * The extension in a real VS Code (code-server): activation time, measured in the extension
 * host, and Run Current File to the first task running, with a cold and then a warm cluster.
 * The peer row is what starting any Node process costs on this machine, measured in the same run.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openFile, runCommand, startCodeServer } from "../test/support/codeServer";
import { vsixPath } from "../test/support/paths";
import { chromiumPath, codeServerEntry } from "../test/support/tools";
import { percentile, printTable, type Measurement } from "./table";

const PROGRAM = [
  'import { Client } from "weft";',
  "function work(n: number): number {",
  "  let x = 0;",
  "  for (let i = 0; i < 1_000_000; i++) x = (x + i * n) % 1_000_003;",
  "  return x;",
  "}",
  "const client = new Client();",
  "console.log(await client.gather(client.map(work, [1, 2, 3, 4, 5, 6, 7, 8])));",
  "await client.close();",
  "",
].join("\n");

function nodeStartMs(): number {
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, ["-e", ""]);
    times.push(performance.now() - t0);
  }
  return percentile(times, 50);
}

async function main(): Promise<void> {
  const entry = codeServerEntry();
  const chromium = chromiumPath();
  if (entry === undefined || chromium === undefined) {
    console.log("extension timings: skipped (needs code-server and Chromium; see the README)");
    return;
  }
  const folder = mkdtempSync(join(tmpdir(), "weft-bench-ext-"));
  writeFileSync(join(folder, "work.ts"), PROGRAM);
  // Measured cold: by default the extension starts the cluster as soon as a file that imports
  // weft is opened (weft.cluster.warmUp), and the first Run then finds it warm.
  mkdirSync(join(folder, ".vscode"));
  writeFileSync(
    join(folder, ".vscode", "settings.json"),
    JSON.stringify({ "weft.cluster.warmUp": false }),
  );
  const session = await startCodeServer({ entry, chromium, vsix: vsixPath, folder });
  try {
    const { page } = session;
    await openFile(page, "work.ts");
    const firstTaskTimes: number[] = [];
    for (let run = 1; run <= 3; run++) {
      await runCommand(page, "Weft: Run Current File");
      const exited = page
        .locator(".terminal-wrapper .xterm-rows")
        .getByText("[process exited with code 0]");
      await exited.first().waitFor({ timeout: 120_000 });
      await runCommand(page, "Terminal: Kill All Terminals");
      const lines = [...session.weftLog().matchAll(/first task running (\d+) ms/g)];
      firstTaskTimes.push(Number(lines.at(-1)?.[1] ?? Number.NaN));
    }
    const activation =
      /activated in ([\d.]+) ms \(\+([\d.]+) ms from loading the bundle to activate\)/.exec(
        session.weftLog(),
      );
    const rows: Measurement[] = [
      {
        name: "node process start (peer)",
        value: nodeStartMs(),
        unit: "ms",
        higherIsBetter: false,
      },
      {
        name: "activate()",
        value: Number(activation?.[1]),
        unit: "ms",
        higherIsBetter: false,
        note: "goal < 50 ms",
      },
      {
        name: "bundle loaded → activate() returned",
        value: Number(activation?.[1]) + Number(activation?.[2]),
        unit: "ms",
        higherIsBetter: false,
      },
      {
        name: "Run → first task, cold cluster",
        value: firstTaskTimes[0] ?? Number.NaN,
        unit: "ms",
        higherIsBetter: false,
        note: "starts the cluster process",
      },
      {
        name: "Run → first task, warm cluster",
        value: Math.min(firstTaskTimes[1] ?? Number.NaN, firstTaskTimes[2] ?? Number.NaN),
        unit: "ms",
        higherIsBetter: false,
        note: "best of 2; goal < 1 s",
      },
    ];
    printTable("Weft in VS Code (code-server 4.100.3)", rows, "node process start (peer)");
  } finally {
    await session.close();
  }
}

void main();
