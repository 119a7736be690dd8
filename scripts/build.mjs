// Builds every bundle, one esbuild entry per process, plus the runtime's type declarations.
//   node scripts/build.mjs [--watch] [--no-types] [--clean]
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const watch = process.argv.includes("--watch");
const withTypes = !process.argv.includes("--no-types");
const runtimeVersion = JSON.parse(readFileSync(join(root, "runtime/package.json"), "utf8")).version;

// ESM bundles for Node get CommonJS's globals back, for the dependencies that still use them.
const nodeEsmBanner = [
  "import { createRequire as __weftCreateRequire } from 'node:module';",
  "import { fileURLToPath as __weftFileURLToPath } from 'node:url';",
  "import { dirname as __weftDirname } from 'node:path';",
  "const require = __weftCreateRequire(import.meta.url);",
  "const __filename = __weftFileURLToPath(import.meta.url);",
  "const __dirname = __weftDirname(__filename);",
].join("\n");

const common = {
  bundle: true,
  sourcemap: "linked",
  logLevel: "warning",
  absWorkingDir: root,
  define: { __WEFT_VERSION__: JSON.stringify(runtimeVersion) },
};
const node = { ...common, platform: "node", target: "node20" };

/** @type {import("esbuild").BuildOptions[]} */
export const bundles = [
  // VS Code side: CommonJS, `vscode` provided by the host.
  {
    ...node,
    entryPoints: ["extension/extension.ts"],
    outfile: "dist/extension.js",
    format: "cjs",
    external: ["vscode", "./languageClient.js"],
    // Lets activation report how long loading the bundle itself took.
    banner: { js: "globalThis.__weftBundleLoadStart = performance.now();" },
  },
  // The language client, loaded by the extension when a document first needs analysis.
  {
    ...node,
    entryPoints: ["extension/languageClient.ts"],
    outfile: "dist/languageClient.js",
    format: "cjs",
    external: ["vscode"],
  },
  // TypeScript server plugin: resolves "weft" to the bundled types in folders without node_modules.
  {
    ...node,
    entryPoints: ["extension/tsPlugin/index.ts"],
    outfile: "extension/tsPlugin/dist/index.js",
    format: "cjs",
    footer: { js: "module.exports = module.exports.default;" },
  },
  // Language server: bundled whole, minified, without a source map (it carries ts-morph and
  // TypeScript; the map alone would be 20 MB).
  {
    ...node,
    entryPoints: ["server/server.ts"],
    outfile: "dist/server.js",
    format: "cjs",
    minify: true,
    sourcemap: false,
  },
  // `weft check`: the same analysis for the command line, loaded by cli.mjs on demand.
  {
    ...node,
    entryPoints: ["server/check.ts"],
    outfile: "runtime/dist/check.mjs",
    format: "esm",
    minify: true,
    sourcemap: false,
    banner: { js: nodeEsmBanner },
  },
  // The `weft` library, ESM and CommonJS.
  {
    ...node,
    entryPoints: ["runtime/src/index.ts"],
    outfile: "runtime/dist/index.mjs",
    format: "esm",
    banner: { js: nodeEsmBanner },
  },
  {
    ...node,
    entryPoints: ["runtime/src/index.ts"],
    outfile: "runtime/dist/index.cjs",
    format: "cjs",
  },
  // What piscina loads in each worker thread.
  {
    ...node,
    entryPoints: ["runtime/src/worker.ts"],
    outfile: "runtime/dist/worker.mjs",
    format: "esm",
    banner: { js: nodeEsmBanner },
  },
  // piscina starts its own worker file (resolve(__dirname, "worker.js")), which then loads ours;
  // shipped next to the runtime bundles so no node_modules is needed.
  {
    ...node,
    entryPoints: ["node_modules/piscina/dist/worker.js"],
    outfile: "runtime/dist/worker.js",
    format: "esm",
    banner: { js: nodeEsmBanner },
    external: ["@napi-rs/nice"],
  },
  // The loader hooks of `weft run` (TypeScript, `weft` imports, task views), main thread and workers.
  // Minified: each thread that registers them parses the bundle (sucrase, acorn) before any user
  // module loads, so its size is start-up time.
  {
    ...node,
    entryPoints: ["runtime/src/loader/hooks-entry.ts"],
    outfile: "runtime/dist/loader-hooks.mjs",
    format: "esm",
    minify: true,
    banner: { js: nodeEsmBanner },
  },
  // BullMQ and ioredis, loaded only by programs and workers that use Redis (redis/redis-deps.ts).
  {
    ...node,
    entryPoints: ["runtime/src/redis/redis-deps-entry.ts"],
    outfile: "runtime/dist/redis-deps.mjs",
    format: "esm",
    banner: { js: nodeEsmBanner },
  },
  // Graphviz (WebAssembly) for visualize(..., { filename: "x.svg" }), loaded only when asked for.
  {
    ...node,
    entryPoints: ["runtime/src/visualize/viz-entry.ts"],
    outfile: "runtime/dist/viz.mjs",
    format: "esm",
    sourcemap: false,
    banner: { js: nodeEsmBanner },
  },
  // The `weft` command line.
  {
    ...node,
    entryPoints: ["runtime/src/cli.ts"],
    outfile: "runtime/dist/cli.mjs",
    format: "esm",
    banner: { js: `#!/usr/bin/env node\n${nodeEsmBanner}` },
  },
  // The dashboard webview: a browser bundle.
  {
    ...common,
    platform: "browser",
    target: "chrome120",
    entryPoints: ["webview/main.ts"],
    outfile: "dist/webview/dashboard.js",
    format: "esm",
  },
];

function copyAssets() {
  mkdirSync(join(root, "dist/webview"), { recursive: true });
  copyFileSync(join(root, "webview/dashboard.css"), join(root, "dist/webview/dashboard.css"));
}

function emitRuntimeTypes() {
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", join(root, "runtime/tsconfig.types.json")], {
    stdio: "inherit",
  });
}

async function main() {
  const started = performance.now();
  if (watch) {
    copyAssets();
    const contexts = await Promise.all(bundles.map((options) => esbuild.context(options)));
    await Promise.all(contexts.map((context) => context.watch()));
    console.log("weft: watching for changes (Ctrl-C to stop)");
    return;
  }
  if (process.argv.includes("--clean")) {
    rmSync(join(root, "dist"), { recursive: true, force: true });
    rmSync(join(root, "runtime/dist"), { recursive: true, force: true });
  }
  await Promise.all(bundles.map((options) => esbuild.build(options)));
  copyAssets();
  if (withTypes) emitRuntimeTypes();
  console.log(
    `weft: built ${bundles.length} bundles in ${Math.round(performance.now() - started)} ms`,
  );
}

await main();
