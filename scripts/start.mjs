// `npm start`: build, package weft.vsix, and open examples/ in a VS Code with Weft installed:
// the desktop `code` when it is on PATH, otherwise code-server on 127.0.0.1 (URL printed).
//   WEFT_PORT=8080 npm start
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vsix = join(root, "weft.vsix");
const examples = join(root, "examples");

execFileSync(process.execPath, [join(root, "scripts/build.mjs")], { stdio: "inherit" });
execFileSync(process.execPath, [join(root, "scripts/package-vsix.mjs")], {
  stdio: ["ignore", "ignore", "inherit"],
});
console.log(`weft: packaged ${vsix}`);

const hasCode = spawnSync("code", ["--version"], { stdio: "ignore" }).status === 0;
if (hasCode) {
  execFileSync("code", ["--install-extension", vsix, "--force"], { stdio: "inherit" });
  execFileSync("code", [examples], { stdio: "inherit" });
  console.log("weft: opened examples/ in VS Code with Weft installed");
} else {
  await startCodeServer();
}

async function portIsFree(port) {
  const server = createServer();
  return new Promise((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function choosePort() {
  const wanted = Number(process.env.WEFT_PORT ?? 8080);
  for (let port = wanted; port < wanted + 20; port++) if (await portIsFree(port)) return port;
  throw new Error(`no free port between ${wanted} and ${wanted + 19}; set WEFT_PORT`);
}

async function startCodeServer() {
  console.log("weft: no `code` on PATH; using code-server (VS Code in the browser)");
  const installed = execFileSync("bash", [join(root, "scripts/install-code-server.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const entry = installed.trim().split("\n").at(-1);
  const home = join(root, ".weft", "code-server");
  const userData = join(home, "user-data");
  const extensions = join(home, "extensions");
  mkdirSync(join(userData, "User"), { recursive: true });
  const settings = join(userData, "User", "settings.json");
  if (!existsSync(settings)) {
    writeFileSync(
      settings,
      JSON.stringify(
        { "workbench.startupEditor": "none", "telemetry.telemetryLevel": "off" },
        null,
        2,
      ),
    );
  }
  execFileSync(
    process.execPath,
    [
      entry,
      "--user-data-dir",
      userData,
      "--extensions-dir",
      extensions,
      "--install-extension",
      vsix,
      "--force",
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const port = await choosePort();
  const child = spawn(
    process.execPath,
    [
      entry,
      "--auth",
      "none",
      "--bind-addr",
      `127.0.0.1:${port}`,
      "--user-data-dir",
      userData,
      "--extensions-dir",
      extensions,
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      examples,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let announced = false;
  child.stdout.on("data", (chunk) => {
    if (!announced && chunk.toString().includes("HTTP server listening")) {
      announced = true;
      console.log(
        `\nweft: VS Code with Weft is at http://127.0.0.1:${port}/?folder=${encodeURIComponent(examples)}`,
      );
      console.log("weft: press Ctrl-C to stop it");
    }
  });
  const stop = () => child.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", (code) => process.exit(code ?? 0));
}
