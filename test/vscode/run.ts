/**
 * `npm run test:vscode`: the integration suite (mocha in the extension host) in a desktop
 * VS Code, through @vscode/test-electron. It bundles test/vscode/suite/ with esbuild, downloads
 * VS Code once (cached in node_modules/.cache/vscode-test), opens a temporary folder holding a
 * copy of examples/sequential-scores.ts, and loads this checkout as the extension under
 * development (so `npm run build` must have run; the npm script does it).
 *
 *   WEFT_VSCODE_EXECUTABLE=/path/to/code   use an installed VS Code instead of downloading one
 *   WEFT_VSCODE_VERSION=1.100.3            the version to download (default: the latest stable)
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { downloadAndUnzipVSCode, runTests } from "@vscode/test-electron";
import { build } from "esbuild";
import { examplesDir, repoRoot } from "../support/paths";

const suiteDir = join(repoRoot, "test", "vscode", "suite");
/** Under dist/ so it is ignored by git, lint and Prettier, and left out of the .vsix. */
const bundleDir = join(repoRoot, "dist", "test-vscode");
const cachePath = join(repoRoot, "node_modules", ".cache", "vscode-test");

class SetupError extends Error {}

async function bundleSuite(): Promise<void> {
  const entryPoints = readdirSync(suiteDir)
    .filter((name) => name === "index.ts" || name.endsWith(".test.ts"))
    .map((name) => join(suiteDir, name));
  rmSync(bundleDir, { recursive: true, force: true });
  await build({
    entryPoints,
    outdir: bundleDir,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    sourcemap: "linked",
    logLevel: "warning",
    // Both come from the extension host: `vscode` is the API, mocha must be the one index.ts runs.
    external: ["vscode", "mocha"],
  });
}

async function vscodeExecutable(): Promise<string> {
  const installed = process.env.WEFT_VSCODE_EXECUTABLE;
  if (installed) return installed;
  const version = process.env.WEFT_VSCODE_VERSION ?? "stable";
  try {
    return await downloadAndUnzipVSCode({ version, cachePath, timeout: 30_000 });
  } catch (error) {
    throw new SetupError(
      [
        `could not download VS Code (${version}) from update.code.visualstudio.com:`,
        `  ${error instanceof Error ? error.message : String(error)}`,
        "This suite runs in a desktop VS Code, which it downloads once (into",
        `${cachePath}). Connect to the internet and run it again, or point`,
        "WEFT_VSCODE_EXECUTABLE at an installed VS Code. Offline, `npm test` runs the same",
        "flows in code-server (test/e2e).",
      ].join("\n"),
    );
  }
}

function requireDisplay(): void {
  if (process.platform !== "linux" || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return;
  throw new SetupError(
    "VS Code needs a display and none is set (DISPLAY is empty). On a machine without one, run " +
      "it under a virtual X server: `xvfb-run -a npm run test:vscode`.",
  );
}

async function main(): Promise<void> {
  await bundleSuite();
  const vscodeExecutablePath = await vscodeExecutable();
  requireDisplay();

  const workspace = mkdtempSync(join(tmpdir(), "weft-vscode-workspace-"));
  const userData = mkdtempSync(join(tmpdir(), "weft-vscode-user-"));
  copyFileSync(join(examplesDir, "sequential-scores.ts"), join(workspace, "sequential-scores.ts"));
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(bundleDir, "index.js"),
      launchArgs: [
        workspace,
        "--disable-extensions",
        "--disable-workspace-trust",
        "--skip-welcome",
        "--skip-release-notes",
        "--disable-gpu",
        `--user-data-dir=${userData}`,
      ],
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(userData, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  if (error instanceof SetupError) {
    console.error(`test:vscode: ${error.message}`);
    process.exitCode = 2;
  } else {
    console.error("test:vscode: the integration suite failed:", error);
    process.exitCode = 1;
  }
});
