// Packages the built extension as weft.vsix with @vscode/vsce.
//
// Everything the extension runs is bundled, except the TypeScript server plugin, which tsserver
// only loads from node_modules/<name>. So the .vsix is assembled from a staging folder that holds
// the shipped files plus that one package as a real folder; .vscodeignore stays the allow-list.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vsixPath = join(root, "weft.vsix");
const staging = join(root, ".weft", "vsix-staging");
const require = createRequire(import.meta.url);
const vsce = join(dirname(require.resolve("@vscode/vsce/package.json")), "vsce");

rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
for (const path of [
  "README.md",
  "LICENSE",
  ".vscodeignore",
  "media",
  "dist",
  "runtime/package.json",
  "runtime/dist",
]) {
  cpSync(join(root, path), join(staging, path), { recursive: true });
}

const plugin = JSON.parse(readFileSync(join(root, "extension/tsPlugin/package.json"), "utf8"));
const pluginDir = join(staging, "node_modules", plugin.name);
cpSync(join(root, "extension/tsPlugin/package.json"), join(pluginDir, "package.json"));
cpSync(join(root, "extension/tsPlugin/dist/index.js"), join(pluginDir, "dist/index.js"));

const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
manifest.dependencies = { [plugin.name]: plugin.version };
delete manifest.devDependencies;
delete manifest.scripts;
writeFileSync(join(staging, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);

execFileSync(
  process.execPath,
  [
    vsce,
    "package",
    "--allow-missing-repository",
    // The README links to docs/, which ships beside it.
    "--no-rewrite-relative-links",
    "--out",
    vsixPath,
  ],
  {
    cwd: staging,
    stdio: ["ignore", "inherit", "inherit"],
  },
);
console.log(`weft: packaged ${vsixPath} (${(statSync(vsixPath).size / 1024).toFixed(0)} KiB)`);
