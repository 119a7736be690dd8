/**
 * Seed 003's nested cross-validation: for each outer fold, pick a ridge penalty by inner
 * cross-validation on the training part, then score it on the held-out part. Every fit and score
 * is a task; shared intermediates (the data, each split) are computed once.
 *
 *   weft run examples/nested-cross-validation.ts
 *   weft run examples/nested-cross-validation.ts --sequential
 */
import { compute, delayed, type Delayed } from "weft";

interface Dataset {
  readonly x: number[][];
  readonly y: number[];
}

const FEATURES = 8;
const SAMPLES = 600;
const OUTER_FOLDS = 4;
const INNER_FOLDS = 3;
const PENALTIES = [0.01, 0.1, 1, 10, 100];

/** Synthetic regression data: y = x · w + noise, from a fixed seed. */
function makeData(seed: number): Dataset {
  let state = seed;
  const random = (): number => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32 - 0.5;
  };
  const weights = Array.from({ length: FEATURES }, (_, j) => (j % 3) - 1 + random());
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const row = Array.from({ length: FEATURES }, () => random() * 4);
    x.push(row);
    y.push(row.reduce((sum, value, j) => sum + value * (weights[j] ?? 0), 0) + random() * 3);
  }
  return { x, y };
}

/** Rows of `data` in fold `fold` of `folds` go to test, the rest to train. */
function split(data: Dataset, folds: number, fold: number): [Dataset, Dataset] {
  const train: Dataset = { x: [], y: [] };
  const test: Dataset = { x: [], y: [] };
  data.x.forEach((row, i) => {
    const part = i % folds === fold ? test : train;
    part.x.push(row);
    part.y.push(data.y[i] ?? 0);
  });
  return [train, test];
}

/** Ridge regression by solving (XᵀX + λI) w = Xᵀy with Gaussian elimination. */
function fit(train: Dataset, penalty: number): number[] {
  const n = FEATURES;
  const a = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n + 1 }, (_, j) => (i === j ? penalty : 0)),
  );
  train.x.forEach((row, r) => {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++)
        (a[i] as number[])[j] = ((a[i] as number[])[j] ?? 0) + (row[i] ?? 0) * (row[j] ?? 0);
      (a[i] as number[])[n] = ((a[i] as number[])[n] ?? 0) + (row[i] ?? 0) * (train.y[r] ?? 0);
    }
  });
  for (let col = 0; col < n; col++) {
    const pivot = a[col] as number[];
    for (let row = col + 1; row < n; row++) {
      const target = a[row] as number[];
      const factor = (target[col] ?? 0) / (pivot[col] ?? 1);
      for (let j = col; j <= n; j++) target[j] = (target[j] ?? 0) - factor * (pivot[j] ?? 0);
    }
  }
  const w = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    const row = a[i] as number[];
    let sum = row[n] ?? 0;
    for (let j = i + 1; j < n; j++) sum -= (row[j] ?? 0) * (w[j] ?? 0);
    w[i] = sum / (row[i] ?? 1);
  }
  return w;
}

/** Mean squared error of weights `w` on `test`. */
function score(w: number[], test: Dataset): number {
  let total = 0;
  test.x.forEach((row, i) => {
    const predicted = row.reduce((sum, value, j) => sum + value * (w[j] ?? 0), 0);
    total += (predicted - (test.y[i] ?? 0)) ** 2;
  });
  return total / test.y.length;
}

/** The penalty with the lowest mean inner-fold error. */
function best(penalties: number[], errors: number[][]): number {
  const means = errors.map((perFold) => perFold.reduce((a, b) => a + b, 0) / perFold.length);
  return penalties[means.indexOf(Math.min(...means))] ?? 0;
}

function report(rows: { fold: number; penalty: number; error: number }[]): string {
  return rows
    .map(
      (row) => `outer fold ${row.fold}: penalty ${row.penalty}, test MSE ${row.error.toFixed(4)}`,
    )
    .join("\n");
}

function sequential(): string {
  const data = makeData(42);
  const rows = [];
  for (let outer = 0; outer < OUTER_FOLDS; outer++) {
    const [train, test] = split(data, OUTER_FOLDS, outer);
    const errors = PENALTIES.map((penalty) => {
      const perFold: number[] = [];
      for (let inner = 0; inner < INNER_FOLDS; inner++) {
        const [innerTrain, innerTest] = split(train, INNER_FOLDS, inner);
        perFold.push(score(fit(innerTrain, penalty), innerTest));
      }
      return perFold;
    });
    const penalty = best(PENALTIES, errors);
    rows.push({ fold: outer, penalty, error: score(fit(train, penalty), test) });
  }
  return report(rows);
}

async function onTheCluster(): Promise<string> {
  const lazySplit = delayed(split, { nout: 2, pure: true });
  const lazyFit = delayed(fit, { pure: true });
  const lazyScore = delayed(score, { pure: true });
  const data = delayed(makeData, { pure: true })(42);
  const rows: { fold: number; penalty: Delayed<number>; error: Delayed<number> }[] = [];
  for (let outer = 0; outer < OUTER_FOLDS; outer++) {
    const [train, test] = lazySplit(data, OUTER_FOLDS, outer);
    const errors = PENALTIES.map((penalty) => {
      const perFold: Delayed<number>[] = [];
      for (let inner = 0; inner < INNER_FOLDS; inner++) {
        const [innerTrain, innerTest] = lazySplit(train, INNER_FOLDS, inner);
        perFold.push(lazyScore(lazyFit(innerTrain, penalty), innerTest));
      }
      return perFold;
    });
    const penalty = delayed(best)(PENALTIES, errors);
    rows.push({ fold: outer, penalty, error: lazyScore(lazyFit(train, penalty), test) });
  }
  const [computed] = await compute(rows);
  return report(computed);
}

console.log(process.argv.includes("--sequential") ? sequential() : await onTheCluster());
