import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export const distDir = join(repoRoot, "dist");
export const runtimeDist = join(repoRoot, "runtime", "dist");
export const vsixPath = join(repoRoot, "weft.vsix");
export const examplesDir = join(repoRoot, "examples");

/** A folder under test-output/ for a suite's screenshots and logs, kept after the run. */
export function testOutputDir(suite: string): string {
  const dir = join(repoRoot, "test-output", suite);
  mkdirSync(dir, { recursive: true });
  return dir;
}
