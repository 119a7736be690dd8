// Packages the built extension as weft.vsix with @vscode/vsce. Everything is bundled, so vsce
// does not look at node_modules (--no-dependencies); .vscodeignore is the allow-list.
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const vsixPath = join(root, "weft.vsix");

const require = createRequire(import.meta.url);
const vsce = join(dirname(require.resolve("@vscode/vsce/package.json")), "vsce");

execFileSync(
  process.execPath,
  [vsce, "package", "--no-dependencies", "--allow-missing-repository", "--out", vsixPath],
  { cwd: root, stdio: ["ignore", "inherit", "inherit"] },
);
console.log(`weft: packaged ${vsixPath} (${(statSync(vsixPath).size / 1024).toFixed(0)} KiB)`);
