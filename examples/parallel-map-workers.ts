/**
 * Seed 000, the Daisi "parallel executions": the same function mapped over a list of argument
 * sets, on a number of workers that the program sets and monitors (`workers.set(n)` and
 * `workers.status`: increasing, decreasing or ready), then a bigger map whose progress is polled
 * until nothing is running any more.
 *
 *   weft run examples/parallel-map-workers.ts [--workers 4]
 *   weft run examples/parallel-map-workers.ts --sequential
 *
 * Results go to stdout; the monitoring lines go to stderr.
 */
import { Client, type Future } from "weft";

interface AddArgs {
  readonly firstNumber: number;
  readonly secondNumber: number;
}

interface ClassifyArgs {
  readonly text: string;
  readonly candidateLabels: string;
}

function addTwoNumbers({ firstNumber, secondNumber }: AddArgs): number {
  return firstNumber + secondNumber;
}

/** A stand-in for the zero-shot classifier: some CPU work and a deterministic label. */
function classify({ text, candidateLabels }: ClassifyArgs): string {
  const labels = candidateLabels.split(",").map((label) => label.trim());
  let hash = 0;
  for (let round = 0; round < 20_000; round++) {
    for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i) + round) >>> 0;
  }
  return labels[(hash >>> 7) % labels.length] as string;
}

const ADD_ARGS: AddArgs[] = Array.from({ length: 10 }, (_, x) => ({
  firstNumber: 5,
  secondNumber: x,
}));
const TITLES = Array.from({ length: 100 }, (_, i) => `Apple headline number ${i}`);
const CLASSIFY_ARGS: ClassifyArgs[] = TITLES.map((text) => ({
  text,
  candidateLabels: "positive, negative",
}));

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function onTheCluster(workers: number): Promise<{ sums: number[]; labels: string[] }> {
  const client = new Client();
  const pool = client.cluster.workers;
  log(`workers before: ${pool.count}`);
  client.cluster.workers.set(workers);
  log(
    `workers after set: ${client.cluster.workers.count}, status ${client.cluster.workers.status}`,
  );

  const sums = await client.gather(client.map(addTwoNumbers, ADD_ARGS));

  const running: Future<string>[] = client.map(classify, CLASSIFY_ARGS);
  // Wait for completion, as the seed polls its run's status.
  for (;;) {
    const pending = running.filter((future) => future.status === "pending").length;
    log(`status ${client.cluster.workers.status}: ${pending} of ${running.length} running`);
    if (pending === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const labels = await client.gather(running);
  await client.close();
  return { sums, labels };
}

function sequential(): { sums: number[]; labels: string[] } {
  return { sums: ADD_ARGS.map(addTwoNumbers), labels: CLASSIFY_ARGS.map(classify) };
}

const args = process.argv.slice(2);
const workersAt = args.indexOf("--workers");
const workers = workersAt >= 0 ? Number(args[workersAt + 1]) : 4;
const { sums, labels } = args.includes("--sequential") ? sequential() : await onTheCluster(workers);
console.log(`sums: ${sums.join(" ")}`);
const positive = labels.filter((label) => label === "positive").length;
console.log(`labels: ${positive} positive, ${labels.length - positive} negative`);
console.log(`first labels: ${labels.slice(0, 8).join(" ")}`);
