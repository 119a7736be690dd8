/**
 * In a folder that never ran `npm install`, `import … from "weft"` resolves in the editor to the
 * types shipped in the extension (its TypeScript server plugin): no red squiggle, while a real
 * type error in the same file is still reported. And since the file imports weft, the extension
 * starts the local cluster in the background, ready for a first Run.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { openFile, problems, startCodeServer, type CodeServerSession } from "../support/codeServer";
import { testOutputDir, vsixPath } from "../support/paths";
import { requireChromium, requireCodeServer } from "../support/tools";

test(
  '`import … from "weft"` has no error in a folder without node_modules',
  { timeout: 240_000 },
  async (t) => {
    const entry = requireCodeServer(t);
    const chromium = requireChromium(t);
    if (entry === undefined || chromium === undefined) return;
    const folder = mkdtempSync(join(tmpdir(), "weft-no-install-"));
    writeFileSync(
      join(folder, "main.ts"),
      [
        'import { WeftError, ErrorCode } from "weft";',
        "",
        'export const error = new WeftError(ErrorCode.Cycle, "a cycle");',
        'export const wrong: number = "a string";',
        "",
      ].join("\n"),
    );
    const shots = testOutputDir("e2e");
    let session: CodeServerSession | undefined;
    try {
      session = await startCodeServer({ entry, chromium, vsix: vsixPath, folder });
      const { page } = session;
      await openFile(page, "main.ts");
      // TypeScript reports the deliberate error once the project is loaded; then the list is final.
      let rows: string[] = [];
      for (let attempt = 0; attempt < 60; attempt++) {
        rows = await problems(page);
        if (rows.some((row) => row.includes("not assignable to type 'number'"))) break;
        await page.waitForTimeout(1000);
      }
      await page.screenshot({ path: join(shots, "types-without-install.png") });
      assert.ok(
        rows.some((row) => row.includes("not assignable to type 'number'")),
        `TypeScript checked the file: ${JSON.stringify(rows)}`,
      );
      assert.ok(
        !rows.some((row) => /Cannot find module 'weft'|has no exported member/.test(row)),
        `"weft" resolved: ${JSON.stringify(rows)}`,
      );
      // The file imports weft: the extension warmed the cluster up without being asked to run.
      await page
        .locator(".statusbar-item", { hasText: /Weft: \d+ workers? idle/ })
        .first()
        .waitFor({ timeout: 60_000 });
    } finally {
      await session?.close();
    }
  },
);
