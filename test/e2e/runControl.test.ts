/**
 * Run control in a real VS Code (code-server) with the packaged .vsix: Stop Run ends a long run
 * and its tasks, and an untrusted folder is analysed but refuses to run anything.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import {
  openFile,
  problems,
  runCommand,
  startCodeServer,
  type CodeServerSession,
} from "../support/codeServer";
import { examplesDir, testOutputDir, vsixPath } from "../support/paths";
import { LONG_RUN } from "../support/programs";
import { requireChromium, requireCodeServer } from "../support/tools";

async function withSession(
  t: TestContext,
  folder: string,
  shot: string,
  body: (session: CodeServerSession) => Promise<void>,
  options: { trusted: boolean } = { trusted: true },
): Promise<void> {
  const entry = requireCodeServer(t);
  const chromium = requireChromium(t);
  if (entry === undefined || chromium === undefined) return;
  let session: CodeServerSession | undefined;
  try {
    session = await startCodeServer({
      entry,
      chromium,
      vsix: vsixPath,
      folder,
      trustWorkspace: options.trusted,
      ...(options.trusted
        ? {}
        : {
            settings: {
              "security.workspace.trust.enabled": true,
              "security.workspace.trust.startupPrompt": "never",
            },
          }),
    });
    await body(session);
  } catch (error) {
    await session?.page
      .screenshot({ path: join(testOutputDir("e2e"), `${shot}-failure.png`) })
      .catch(() => undefined);
    t.diagnostic(`Weft output:\n${session?.weftLog() ?? ""}`);
    throw error;
  } finally {
    await session?.close();
  }
}

test(
  "Stop Run cancels a long run: the program exits 130 and the cluster is idle again",
  { timeout: 300_000 },
  async (t) => {
    const folder = mkdtempSync(join(tmpdir(), "weft-e2e-stop-"));
    writeFileSync(join(folder, "long-run.ts"), LONG_RUN);
    await withSession(t, folder, "stop-run", async ({ page }) => {
      const shots = testOutputDir("e2e");
      await openFile(page, "long-run.ts");
      await runCommand(page, "Weft: Run Current File");
      const terminal = page.locator(".terminal-wrapper .xterm-rows");
      await terminal.getByText("submitted 4 long tasks").first().waitFor({ timeout: 120_000 });
      const statusBar = page.locator(".statusbar-item", { hasText: "Weft:" });
      await statusBar.getByText("Weft: 0/4").first().waitFor({ timeout: 60_000 });
      await page.screenshot({ path: join(shots, "stop-01-running.png") });

      await runCommand(page, "Weft: Stop Run");
      await terminal
        .getByText("[process exited with code 130]")
        .first()
        .waitFor({ timeout: 30_000 });
      await statusBar
        .getByText(/workers idle/)
        .first()
        .waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(shots, "stop-02-stopped.png") });
      assert.ok(
        !((await terminal.first().textContent()) ?? "").includes("[60000"),
        "no result was printed",
      );
    });
  },
);

test(
  "an untrusted folder is analysed, but Run Current File is refused with a message",
  { timeout: 300_000 },
  async (t) => {
    const folder = mkdtempSync(join(tmpdir(), "weft-e2e-untrusted-"));
    writeFileSync(join(folder, "sequential-scores.ts"), readExample("sequential-scores.ts"));
    await withSession(
      t,
      folder,
      "untrusted",
      async ({ page }) => {
        await openFile(page, "sequential-scores.ts");
        let rows: string[] = [];
        for (
          let attempt = 0;
          attempt < 60 && !rows.some((r) => r.includes("parallel-map"));
          attempt++
        ) {
          rows = await problems(page);
          if (!rows.some((r) => r.includes("parallel-map"))) await page.waitForTimeout(1000);
        }
        assert.ok(
          rows.some((r) => r.includes("parallel-map")),
          `analysis works untrusted: ${JSON.stringify(rows)}`,
        );

        await runCommand(page, "Weft: Run Current File");
        await page
          .locator(".notifications-toasts", {
            hasText: "does not run code in an untrusted workspace",
          })
          .first()
          .waitFor({ timeout: 30_000 });
        await page.screenshot({ path: join(testOutputDir("e2e"), "untrusted-refused.png") });
        const statusBar = page.locator(".statusbar-item", { hasText: "Weft:" });
        assert.match(
          (await statusBar.first().textContent()) ?? "",
          /stopped/,
          "no cluster was started",
        );
      },
      { trusted: false },
    );
  },
);

function readExample(name: string): string {
  return readFileSync(join(examplesDir, name), "utf8");
}
