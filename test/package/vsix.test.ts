/**
 * The .vsix holds exactly what the allow-list ships, and stays small.
 */
import assert from "node:assert/strict";
import { existsSync, statSync } from "node:fs";
import { test } from "node:test";
import { vsixPath } from "../support/paths";
import { listZip } from "../support/zip";

const ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/i,
  /^extension\/docs\/[\w-]+\.md$/,
  /^extension\/license(\.txt)?$/i,
  /^extension\/media\/[\w.-]+\.svg$/,
  /^extension\/dist\/(extension|languageClient|server)\.js$/,
  /^extension\/dist\/webview\/[\w.-]+\.(js|css|ttf|svg)$/,
  /^extension\/runtime\/package\.json$/,
  /^extension\/runtime\/dist\/[\w./-]+\.(mjs|cjs|js|d\.ts)$/,
  /^extension\/node_modules\/weft-typescript-plugin\/(package\.json|dist\/index\.js)$/,
];

test("the .vsix holds the bundles, the runtime's worker and types, the webview, and nothing else", (t) => {
  if (!existsSync(vsixPath)) {
    assert.fail(`${vsixPath} is missing: run \`npm run vsix\` (npm test packages it first)`);
  }
  const entries = listZip(vsixPath);
  const names = entries.map((e) => e.name);
  const unexpected = names.filter((name) => !ALLOWED.some((pattern) => pattern.test(name)));
  assert.deepEqual(unexpected, [], "files outside the allow-list");

  for (const required of [
    "extension/package.json",
    "extension/readme.md",
    "extension/dist/extension.js",
    "extension/dist/server.js",
    "extension/dist/languageClient.js",
    "extension/dist/webview/dashboard.js",
    "extension/dist/webview/dashboard.css",
    "extension/runtime/package.json",
    "extension/runtime/dist/index.mjs",
    "extension/runtime/dist/index.cjs",
    "extension/runtime/dist/worker.mjs",
    "extension/runtime/dist/cli.mjs",
    "extension/runtime/dist/check.mjs",
    // Loaded by Run Current File on a program that uses Redis.
    "extension/runtime/dist/redis-deps.mjs",
    "extension/runtime/dist/types/index.d.ts",
    // tsserver loads plugins only from node_modules, so this one package ships as a folder.
    "extension/node_modules/weft-typescript-plugin/package.json",
    "extension/node_modules/weft-typescript-plugin/dist/index.js",
  ]) {
    assert.ok(
      names.some((name) => name.toLowerCase() === required.toLowerCase()),
      `${required} is in the .vsix`,
    );
  }
  assert.ok(
    names.some((name) => /^extension\/license/i.test(name)),
    "LICENSE is in the .vsix",
  );

  const bytes = entries.reduce((sum, e) => sum + e.size, 0);
  const onDisk = statSync(vsixPath).size;
  t.diagnostic(
    `${entries.length} files, ${(bytes / 1024).toFixed(0)} KiB uncompressed, ${(onDisk / 1024).toFixed(0)} KiB on disk`,
  );
  // The language server and `weft check` each carry TypeScript (minified): measure the download.
  assert.ok(onDisk < 10 * 1024 * 1024, `the .vsix is ${onDisk} B on disk, under 10 MB`);
  assert.deepEqual(
    names.filter((name) => name.endsWith(".map")),
    [],
    "source maps stay out of the .vsix",
  );
});
