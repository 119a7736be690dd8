// `npm test`: lint, typecheck, build and package, then every suite in one run of node's test
// runner, so the run ends with its summary. Suites run in this order: unit, runtime, server,
// package (the .vsix), webview (Chromium), e2e (code-server).
//   node scripts/test.mjs [--only unit,server] [--skip-checks]
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const SUITES = ["unit", "runtime", "server", "package", "webview", "e2e"];

const args = process.argv.slice(2);
const onlyIndex = args.indexOf("--only");
const only = onlyIndex >= 0 ? args[onlyIndex + 1]?.split(",") : undefined;
const skipChecks = args.includes("--skip-checks");
const suites = only ?? SUITES;
for (const suite of suites) {
  if (!SUITES.includes(suite))
    fail(`unknown suite '${suite}'; the suites are ${SUITES.join(", ")}`);
}

function fail(message) {
  console.error(`weft test: ${message}`);
  process.exit(2);
}

function step(title, command, commandArgs) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`weft test: ${title} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === "fixtures" ? [] : testFiles(path);
      return name.endsWith(".test.ts") ? [relative(root, path)] : [];
    });
}

const npmRun = (script) => [
  process.platform === "win32" ? "npm.cmd" : "npm",
  ["run", "--silent", script],
];

if (!skipChecks) {
  step("lint (eslint, prettier)", ...npmRun("lint"));
  step("typecheck (tsc)", ...npmRun("typecheck"));
}
step("build", process.execPath, ["scripts/build.mjs"]);
if (suites.includes("package") || suites.includes("e2e")) {
  step("package weft.vsix", process.execPath, ["scripts/package-vsix.mjs"]);
}

const files = suites.flatMap((suite) => testFiles(join(root, "test", suite)));
console.log(`\n▶ tests: ${suites.join(", ")} (${files.length} files)`);
// One file at a time: the browser suites and the cluster tests each want both cores.
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-reporter=spec", "--test-concurrency=1", ...files],
  { cwd: root, stdio: "inherit" },
);
process.exit(result.status ?? 1);
