/**
 * A layered (Sugiyama-style) layout of a DAG, left to right: layers by longest path from the
 * sources, order within layers by barycenter sweeps, and vertical positions by isotonic
 * regression (each node as close as possible to the mean of its neighbours, order kept, no
 * overlap). Written as a generator that yields every few hundred nodes so runSliced can keep
 * each slice short; O((V + E) log V) per sweep, so thousands of nodes take milliseconds.
 */

export interface LayoutGraph {
  readonly nodeCount: number;
  /** For each node, the indices of the nodes it depends on (edges run dependency → node). */
  readonly dependencies: readonly (readonly number[])[];
}

export interface LayoutOptions {
  readonly layerGap?: number;
  readonly nodeGap?: number;
  readonly sweeps?: number;
}

export interface Layout {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly layerOf: Int32Array;
  /** Node indices per layer, sorted by y. */
  readonly layers: readonly Int32Array[];
  readonly width: number;
  readonly height: number;
  readonly layerGap: number;
  readonly nodeGap: number;
}

const YIELD_EVERY = 400;

export function* layeredLayout(
  graph: LayoutGraph,
  options: LayoutOptions = {},
): Generator<void, Layout, void> {
  const layerGap = options.layerGap ?? 120;
  const nodeGap = options.nodeGap ?? 24;
  const sweeps = options.sweeps ?? 4;
  const n = graph.nodeCount;

  // Dependents, and longest-path layers in topological order (Kahn). Nodes on a cycle, which
  // a task graph never has, go after everything else rather than hang the layout.
  const dependents: number[][] = Array.from({ length: n }, () => []);
  const missing = new Int32Array(n);
  for (let node = 0; node < n; node++) {
    for (const dep of graph.dependencies[node] ?? []) {
      if (dep < 0 || dep >= n || dep === node) continue;
      dependents[dep]?.push(node);
      missing[node] = (missing[node] as number) + 1;
    }
  }
  const layerOf = new Int32Array(n);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let node = 0; node < n; node++) if (missing[node] === 0) queue[tail++] = node;
  while (head < tail) {
    const node = queue[head++] as number;
    const layer = layerOf[node] as number;
    for (const next of dependents[node] ?? []) {
      if ((layerOf[next] as number) < layer + 1) layerOf[next] = layer + 1;
      missing[next] = (missing[next] as number) - 1;
      if (missing[next] === 0) queue[tail++] = next;
    }
    if (head % YIELD_EVERY === 0) yield;
  }
  let layerCount = 0;
  for (let node = 0; node < n; node++)
    layerCount = Math.max(layerCount, (layerOf[node] as number) + 1);
  if (tail < n) {
    for (let node = 0; node < n; node++)
      if ((missing[node] as number) > 0) layerOf[node] = layerCount;
    layerCount++;
  }

  const layerLists: number[][] = Array.from({ length: layerCount }, () => []);
  for (let node = 0; node < n; node++) layerLists[layerOf[node] as number]?.push(node);

  // Crossing reduction: order each layer by the mean relative position of its neighbours in
  // the layers already placed, sweeping right then left.
  const relative = new Float64Array(n);
  const setRelative = (list: readonly number[]): void => {
    list.forEach((node, index) => (relative[node] = (index + 0.5) / list.length));
  };
  for (const list of layerLists) setRelative(list);
  const key = new Float64Array(n);
  let work = 0;
  for (let sweep = 0; sweep < sweeps; sweep++) {
    const forward = sweep % 2 === 0;
    for (let step = 0; step < layerCount; step++) {
      const layer = forward ? step : layerCount - 1 - step;
      const list = layerLists[layer] as number[];
      for (const node of list) {
        const neighbours = forward ? (graph.dependencies[node] ?? []) : (dependents[node] ?? []);
        let sum = 0;
        let count = 0;
        for (const other of neighbours) {
          if (other < 0 || other >= n || other === node) continue;
          sum += relative[other] as number;
          count++;
        }
        key[node] = count === 0 ? (relative[node] as number) : sum / count;
      }
      list.sort((a, b) => (key[a] as number) - (key[b] as number) || a - b);
      setRelative(list);
      work += list.length;
      if (work >= YIELD_EVERY) {
        work = 0;
        yield;
      }
    }
  }

  // Vertical positions: start evenly spaced and centred, then pull each node towards its
  // neighbours' mean while keeping the order and the gap (pool-adjacent-violators).
  const y = new Float64Array(n);
  for (const list of layerLists) {
    const offset = -((list.length - 1) * nodeGap) / 2;
    list.forEach((node, index) => (y[node] = offset + index * nodeGap));
  }
  for (let pass = 0; pass < 4; pass++) {
    const forward = pass % 2 === 0;
    for (let step = 0; step < layerCount; step++) {
      const layer = forward ? step : layerCount - 1 - step;
      const list = layerLists[layer] as number[];
      const desired = new Float64Array(list.length);
      list.forEach((node, index) => {
        const neighbours = forward ? (graph.dependencies[node] ?? []) : (dependents[node] ?? []);
        let sum = 0;
        let count = 0;
        for (const other of neighbours) {
          if (other < 0 || other >= n || other === node) continue;
          sum += y[other] as number;
          count++;
        }
        desired[index] = count === 0 ? (y[node] as number) : sum / count;
      });
      const placed = placeInOrder(desired, nodeGap);
      list.forEach((node, index) => (y[node] = placed[index] as number));
      work += list.length;
      if (work >= YIELD_EVERY) {
        work = 0;
        yield;
      }
    }
  }

  let minY = Infinity;
  let maxY = -Infinity;
  for (let node = 0; node < n; node++) {
    minY = Math.min(minY, y[node] as number);
    maxY = Math.max(maxY, y[node] as number);
  }
  if (n === 0) minY = maxY = 0;
  const x = new Float64Array(n);
  for (let node = 0; node < n; node++) {
    x[node] = (layerOf[node] as number) * layerGap;
    y[node] = (y[node] as number) - minY;
  }
  return {
    x,
    y,
    layerOf,
    layers: layerLists.map((list) => Int32Array.from(list)),
    width: Math.max(0, layerCount - 1) * layerGap,
    height: maxY - minY,
    layerGap,
    nodeGap,
  };
}

/**
 * The positions closest (least squares) to `desired` that keep the order and at least `gap`
 * between neighbours: isotonic regression of desired[i] - i·gap, then add i·gap back.
 */
export function placeInOrder(desired: Float64Array, gap: number): Float64Array {
  const count = desired.length;
  const blockSum = new Float64Array(count);
  const blockSize = new Int32Array(count);
  const blockEnd = new Int32Array(count);
  let blocks = 0;
  for (let i = 0; i < count; i++) {
    blockSum[blocks] = (desired[i] as number) - i * gap;
    blockSize[blocks] = 1;
    blockEnd[blocks] = i;
    blocks++;
    while (
      blocks > 1 &&
      (blockSum[blocks - 2] as number) / (blockSize[blocks - 2] as number) >
        (blockSum[blocks - 1] as number) / (blockSize[blocks - 1] as number)
    ) {
      blockSum[blocks - 2] = (blockSum[blocks - 2] as number) + (blockSum[blocks - 1] as number);
      blockSize[blocks - 2] = (blockSize[blocks - 2] as number) + (blockSize[blocks - 1] as number);
      blockEnd[blocks - 2] = blockEnd[blocks - 1] as number;
      blocks--;
    }
  }
  const placed = new Float64Array(count);
  let start = 0;
  for (let b = 0; b < blocks; b++) {
    const mean = (blockSum[b] as number) / (blockSize[b] as number);
    for (let i = start; i <= (blockEnd[b] as number); i++) placed[i] = mean + i * gap;
    start = (blockEnd[b] as number) + 1;
  }
  return placed;
}
