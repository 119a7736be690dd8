/**
 * Generated sources for the language-server benchmarks.
 */

/** A file of ordinary loopy code: maps, reductions, sequential loops, about 20 lines a block. */
export function loopyFile(lines: number, tag = ""): string {
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `function score${tag}${i}(name: string): number {`,
      "  let h = 0;",
      `  for (let k = 0; k < 1000; k++) h = (h * 31 + name.length + k) % 1_000_003;`,
      "  return h;",
      "}",
      `export function run${tag}${i}(names: string[]): number[] {`,
      "  const out: number[] = [];",
      "  for (const name of names) {",
      `    out.push(score${tag}${i}(name));`,
      "  }",
      "  let total = 0;",
      "  for (let n = 0; n < names.length; n++) {",
      `    total += score${tag}${i}(names[n] ?? "");`,
      "  }",
      "  while (total > 10) total = Math.floor(total / 2);",
      "  out.push(total);",
      "  return out;",
      "}",
      "",
    );
  }
  return out.slice(0, lines).join("\n") + "\n";
}
