/**
 * Imports are followed as TypeScript resolves them: tsconfig `paths`, `./lib.js` for lib.ts, a
 * folder's index file. An edit to an open file re-analyses the open files whose imports resolve
 * to it, and only those: two files of the same name in different folders are not confused.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import type { PublishDiagnosticsParams } from "vscode-languageserver-protocol";
import { LspSession, positionOf } from "./lspSession";

const scratch = mkdtempSync(join(tmpdir(), "weft-resolution-"));
const sessions: LspSession[] = [];
after(() => {
  sessions.forEach((s) => s.kill());
  rmSync(scratch, { recursive: true, force: true });
});

const PURE = (name: string): string =>
  `export function ${name}(n: number): number {\n  let s = 0;\n  for (let i = 0; i < n; i++) s += i % 7;\n  return s;\n}\n`;
const LOGGING = (name: string): string =>
  `export function ${name}(n: number): number {\n  let s = 0;\n  for (let i = 0; i < n; i++) s += i % 7;\n  console.log(s);\n  return s;\n}\n`;

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(scratch, "project-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function caller(imports: string, calls: string): string {
  return `${imports}\nexport function main(xs: number[]): number[] {\n  const out: number[] = [];\n  for (const x of xs) out.push(${calls});\n  return out;\n}\n`;
}

function codes(params: PublishDiagnosticsParams | undefined): string[] {
  return (params?.diagnostics ?? []).map((d) => String(d.code));
}

/** Resolves once `uri` has been published more than `seen` times, with the latest publish. */
async function publishAfter(
  session: LspSession,
  uri: string,
  seen: number,
): Promise<PublishDiagnosticsParams> {
  // A guard against a hang, not a measurement: fail with a message instead of never ending.
  const guard = Date.now() + 60_000;
  for (;;) {
    const all = session.published.filter((p) => p.uri === uri);
    const latest = all.at(-1);
    if (all.length > seen && latest) return latest;
    if (session.child.exitCode !== null) throw new Error("the server exited");
    if (Date.now() > guard) throw new Error(`${uri} was not published again`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function publishCount(session: LspSession, uri: string): number {
  return session.published.filter((p) => p.uri === uri).length;
}

/** Replaces the whole text of an open document. */
async function rewrite(session: LspSession, uri: string, text: string): Promise<number> {
  const old = session.text(uri);
  return session.change(uri, [
    {
      range: {
        start: { line: 0, character: 0 },
        end: { line: old.split("\n").length, character: 0 },
      },
      newText: text,
    },
  ]);
}

async function start(): Promise<LspSession> {
  const session = await LspSession.start();
  sessions.push(session);
  return session;
}

test("an alias through tsconfig paths leads to the file it names, and edits to it reach the importer", async () => {
  const root = project({
    "tsconfig.json": JSON.stringify({
      compilerOptions: { baseUrl: ".", paths: { "@lib/*": ["src/lib/*"] } },
    }),
    "src/lib/score.ts": PURE("score"),
    "src/main.ts": caller('import { score } from "@lib/score";', "score(x)"),
  });
  const session = await start();
  const main = join(root, "src/main.ts");
  const mainUri = await session.open(
    main,
    caller('import { score } from "@lib/score";', "score(x)"),
  );
  const first = await session.diagnostics(mainUri, 1);
  assert.deepEqual(codes(first), ["parallel-map"], "score is looked into through the alias");

  const libUri = await session.open(join(root, "src/lib/score.ts"), PURE("score"));
  await session.diagnostics(libUri, 1);
  const before = publishCount(session, mainUri);
  await rewrite(session, libUri, LOGGING("score"));
  const republished = await publishAfter(session, mainUri, before);
  assert.deepEqual(codes(republished), [], "score now logs: the importer's loop stays sequential");
  assert.equal(await session.shutdown(), 0);
});

test("./lib.js names lib.ts, ./util names util/index.ts, and an edit to util/index.ts reaches the importer", async () => {
  const imports = 'import { score } from "./lib.js";\nimport { weigh } from "./util";';
  const root = project({
    "lib.ts": PURE("score"),
    "util/index.ts": PURE("weigh"),
  });
  const session = await start();
  const mainUri = await session.open(join(root, "main.ts"), caller(imports, "score(x) + weigh(x)"));
  const first = await session.diagnostics(mainUri, 1);
  assert.deepEqual(codes(first), ["parallel-map"], "both calls are looked into");

  const utilUri = await session.open(join(root, "util/index.ts"), PURE("weigh"));
  await session.diagnostics(utilUri, 1);
  const before = publishCount(session, mainUri);
  await rewrite(session, utilUri, LOGGING("weigh"));
  assert.deepEqual(codes(await publishAfter(session, mainUri, before)), [], "weigh now logs");
  const loopLine = positionOf(session.text(mainUri), "for (const x").line;
  const hover = await session.hover(mainUri, { line: loopLine, character: 3 });
  assert.match(JSON.stringify(hover?.contents ?? ""), /console\.log/, "the hover says why");
  assert.equal(await session.shutdown(), 0);
});

test("two files named lib.ts in different folders are not confused", async () => {
  const root = project({ "a/lib.ts": PURE("score"), "b/lib.ts": PURE("score") });
  const session = await start();
  const mainUri = await session.open(
    join(root, "main.ts"),
    caller('import { score } from "./a/lib";', "score(x)"),
  );
  assert.deepEqual(codes(await session.diagnostics(mainUri, 1)), ["parallel-map"]);
  const opened = publishCount(session, mainUri);
  const otherUri = await session.open(join(root, "b/lib.ts"), PURE("score"));
  const libUri = await session.open(join(root, "a/lib.ts"), PURE("score"));
  await session.diagnostics(otherUri, 1);
  await session.diagnostics(libUri, 1);
  // Opening a/lib.ts puts its text in place of the file's: main is analysed again, once.
  await publishAfter(session, mainUri, opened);
  const before = publishCount(session, mainUri);

  // b/lib.ts is not what main imports: changing it re-analyses b/lib.ts alone. An importer would
  // have been scheduled with it and published before the server answers the next request.
  const version = await rewrite(session, otherUri, LOGGING("score"));
  await session.diagnostics(otherUri, version);
  await session.hover(mainUri, { line: 0, character: 0 });
  assert.equal(publishCount(session, mainUri), before, "main was not analysed again");

  await rewrite(session, libUri, LOGGING("score"));
  const republished = await publishAfter(session, mainUri, before);
  assert.deepEqual(codes(republished), [], "a/lib.ts now logs: main's loop stays sequential");
  assert.equal(await session.shutdown(), 0);
});
