// `npm test`: lint, typecheck, build and package, then every suite in one run of node's test
// runner, so the run ends with its summary. Suites run in this order: unit, runtime, server,
// redis (BullMQ workers), package (the .vsix), webview (Chromium), e2e (code-server).
//   node scripts/test.mjs [--only unit,server] [--skip-checks]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const SUITES = ["unit", "runtime", "server", "redis", "package", "webview", "e2e"];

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

// Each suite is one run of node's test runner, in order; a TAP copy of each run gives the counts
// for the closing line. One file at a time: the browser suites and the cluster tests each want
// both cores.
const reports = join(root, "test-output", "reports");
mkdirSync(reports, { recursive: true });
const totals = { pass: 0, fail: 0, skipped: 0, todo: 0, cancelled: 0 };
let exitCode = 0;
for (const suite of suites) {
  const files = testFiles(join(root, "test", suite));
  if (files.length === 0) continue;
  console.log(`\n▶ ${suite} tests (${files.length} files)`);
  const tap = join(reports, `${suite}.tap`);
  const result = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "--test",
      "--test-concurrency=1",
      "--test-reporter=spec",
      "--test-reporter-destination=stdout",
      "--test-reporter=tap",
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { cwd: root, stdio: "inherit" },
  );
  if (result.status !== 0) exitCode = result.status ?? 1;
  const counts = readTapCounts(tap);
  for (const key of Object.keys(totals)) totals[key] += counts[key] ?? 0;
}

function readTapCounts(path) {
  const counts = {};
  if (!existsSync(path)) return counts;
  for (const match of readFileSync(path, "utf8").matchAll(
    /^# (pass|fail|skipped|todo|cancelled) (\d+)$/gm,
  )) {
    counts[match[1]] = Number(match[2]);
  }
  return counts;
}

if (totals.fail + totals.cancelled > 0 && exitCode === 0) exitCode = 1;
console.log(`\n${suites.join(", ")}`);
console.log(
  `${totals.pass} passed, ${totals.fail + totals.cancelled} failed, ${totals.skipped} skipped` +
    (totals.todo > 0 ? `, ${totals.todo} todo` : ""),
);
process.exit(exitCode);
