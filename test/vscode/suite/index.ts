/**
 * The entry @vscode/test-electron loads in the extension host: runs every bundled
 * `*.test.js` next to this file with mocha and rejects when any test fails.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import Mocha from "mocha";

export async function run(): Promise<void> {
  // Generous per-test limit: the first run starts the language server and the local cluster.
  const mocha = new Mocha({ ui: "bdd", color: true, timeout: 180_000 });
  const files = readdirSync(__dirname)
    .filter((name) => name.endsWith(".test.js"))
    .sort();
  if (files.length === 0) throw new Error(`no *.test.js files next to ${__filename}`);
  for (const name of files) mocha.addFile(join(__dirname, name));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
