/**
 * Program texts the tests share. LONG_RUN, for the editor tests' "Weft: Run Current File",
 * submits four one-minute tasks, then says so in the terminal and with a file
 * `long-run.submitted` in its folder, so a test can stop it while its tasks run.
 */
export const LONG_RUN = [
  'import { writeFileSync } from "node:fs";',
  'import { Client } from "weft";',
  "",
  "function spin(ms: number): number {",
  "  const end = Date.now() + ms;",
  "  let turns = 0;",
  "  while (Date.now() < end) turns++;",
  "  return turns;",
  "}",
  "",
  "const client = new Client();",
  "const futures = client.map(spin, [60_000, 60_001, 60_002, 60_003]);",
  'writeFileSync("long-run.submitted", "");',
  'console.log("submitted 4 long tasks");',
  "console.log(await client.gather(futures));",
  "await client.close();",
  "",
].join("\n");

/**
 * Work and a function that calls it, for the analysis tests: their loops are parallel while
 * `inner` stays pure, and an edit that makes it impure must change the verdicts of its callers.
 */
export const INNER_AND_OUTER: readonly string[] = [
  "function inner(n: number): number {",
  "  let s = 0;",
  "  for (let i = 0; i < n; i++) s += i % 7;",
  "  return s;",
  "}",
  "function outer(n: number): number {",
  "  return inner(n) + 1;",
  "}",
];
