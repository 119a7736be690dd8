/**
 * Serves the harness page on 127.0.0.1 as the extension serves the dashboard: the same strict
 * CSP (default-src 'none', assets from this origin, scripts only with this response's nonce),
 * sent as a header, so the tests prove the app works under it. Also serves dist/ and the
 * recorded event streams.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { distDir, repoRoot } from "../support/paths";

export type HarnessTheme = "dark" | "light" | "high-contrast";

const THEME_CLASS: Record<HarnessTheme, string> = {
  dark: "vscode-dark",
  light: "vscode-light",
  "high-contrast": "vscode-high-contrast",
};

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
  ".jsonl": "application/x-ndjson",
  ".ttf": "font/ttf",
};

/** The CSP of extension/dashboardView.ts, with this server as the webview's cspSource. */
export function dashboardCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join("; ");
}

export interface HarnessServer {
  readonly url: string;
  /** The harness page's URL in a theme. */
  page(theme?: HarnessTheme): string;
  /** CSP violations the browser reported (none expected). */
  close(): Promise<void>;
}

export async function serveHarness(): Promise<HarnessServer> {
  const mounts: Record<string, string> = {
    "/dist/": distDir,
    "/harness/": import.meta.dirname,
    "/events/": join(repoRoot, "test", "fixtures", "events"),
  };
  const template = readFileSync(join(import.meta.dirname, "harness.html"), "utf8");
  let origin = "";
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", origin);
    if (url.pathname === "/" || url.pathname === "/harness.html") {
      const nonce = randomBytes(16).toString("base64");
      const theme = (url.searchParams.get("theme") ?? "dark") as HarnessTheme;
      response.writeHead(200, {
        "content-type": CONTENT_TYPES[".html"],
        "content-security-policy": dashboardCsp(origin, nonce),
        "cache-control": "no-store",
      });
      response.end(
        template
          .replaceAll("{{nonce}}", nonce)
          .replaceAll("{{themeClass}}", THEME_CLASS[theme] ?? THEME_CLASS.dark),
      );
      return;
    }
    if (url.pathname === "/favicon.ico") {
      response.writeHead(204).end();
      return;
    }
    const path = decodeURIComponent(url.pathname);
    for (const [prefix, folder] of Object.entries(mounts)) {
      if (!path.startsWith(prefix)) continue;
      const file = normalize(join(folder, path.slice(prefix.length)));
      if (!file.startsWith(normalize(folder) + sep)) break;
      if (existsSync(file) && statSync(file).isFile()) {
        response.writeHead(200, {
          "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
        });
        response.end(readFileSync(file));
        return;
      }
    }
    response.writeHead(404).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    page: (theme = "dark") => `${origin}/harness.html?theme=${theme}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
