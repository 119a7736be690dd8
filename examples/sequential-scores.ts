/**
 * A plain sequential loop, as written before Weft: every file name is scored on its own, one
 * after another. Open it in VS Code: Weft's lightbulb on the loop offers to rewrite it with
 * `delayed`, and "Weft: Run Current File" runs either version on the local cluster.
 */
function score(name: string): number {
  let hash = 0;
  for (let i = 0; i < 2_000_000; i++) {
    hash = (hash * 31 + name.charCodeAt(i % name.length)) % 1_000_003;
  }
  return hash;
}

async function main(): Promise<void> {
  const names = Array.from({ length: 16 }, (_, i) => `part-${i}.csv`);
  const scores: number[] = [];
  for (const name of names) {
    scores.push(score(name));
  }
  console.log(`scores: ${JSON.stringify(scores)}`);
}

void main();

export {};
