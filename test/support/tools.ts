/**
 * Finding the external programs that some suites need (Chromium, code-server, redis-server).
 * Missing tools skip a suite with a message that says how to install them, except under CI=true,
 * where a skipped suite would hide a broken set-up and so fails.
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";

export const CODE_SERVER_VERSION = "4.100.3";
export const isCI = process.env["CI"] === "true";

export function chromiumPath(): string | undefined {
  const candidates = [
    process.env["WEFT_CHROMIUM"],
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
  ];
  return candidates.find((path): path is string => path !== undefined && existsSync(path));
}

/** The code-server entry script installed by scripts/install-code-server.sh. */
export function codeServerEntry(): string | undefined {
  const dir =
    process.env["WEFT_CODE_SERVER_DIR"] ??
    join(homedir(), ".cache", `code-server-${CODE_SERVER_VERSION}`);
  const entry = join(dir, "node_modules", "code-server", "out", "node", "entry.js");
  return existsSync(join(dir, ".complete")) && existsSync(entry) ? entry : undefined;
}

/**
 * Returns the tool's path, or skips the test (fails it under CI) when it is missing.
 */
export function requireTool(
  t: TestContext,
  name: string,
  path: string | undefined,
  howToInstall: string,
): string | undefined {
  if (path !== undefined) return path;
  const message = `${name} not found; ${howToInstall}`;
  if (isCI) throw new Error(`${message} (CI=true: a missing tool fails the suite)`);
  t.skip(message);
  return undefined;
}

export function requireChromium(t: TestContext): string | undefined {
  return requireTool(t, "Chromium", chromiumPath(), "install it with `apt-get install chromium`");
}

export function requireCodeServer(t: TestContext): string | undefined {
  return requireTool(
    t,
    "code-server",
    codeServerEntry(),
    "install it with `npm run install-code-server`",
  );
}

/** Debian's redis-server (`apt-get install redis-server`), for the distributed suite. */
export function redisServerPath(): string | undefined {
  const candidates = [process.env["WEFT_REDIS_SERVER"], "/usr/bin/redis-server"];
  return candidates.find((path): path is string => path !== undefined && existsSync(path));
}

export function requireRedis(t: TestContext): string | undefined {
  return requireTool(
    t,
    "redis-server",
    redisServerPath(),
    "install it with `apt-get install redis-server`",
  );
}
