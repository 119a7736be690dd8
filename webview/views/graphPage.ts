/**
 * The Graph page: the live DAG on a canvas, left to right, coloured by state. Up to
 * TASK_GRAPH_LIMIT tasks it draws every task; above that (or on request) the graph of task
 * groups, a node per group with its progress. Layout runs in slices of a few ms (runSliced), so
 * the page never holds the UI thread; drawing is one path per state, so panning stays smooth.
 */
import type { SourceLocation } from "../../runtime/src/protocol/events";
import { layeredLayout, type Layout } from "../layout/layeredLayout";
import { runSliced, SliceAbortedError } from "../layout/slicedTask";
import {
  canShowTasks,
  groupGraph,
  taskGraph,
  type GraphMode,
  type GraphNodes,
} from "../model/graphModel";
import { TASK_GRAPH_LIMIT } from "../model/limits";
import type { RunModel } from "../model/runModel";
import { el, fitCanvas, formatCount, formatMs, setText } from "./dom";
import { progressCounts } from "./progressBars";
import { PROGRESS_STATES, progressStateOf, type ProgressState, type ThemeColors } from "./theme";

export type GraphChoice = "auto" | GraphMode;

export interface Viewport {
  x: number;
  y: number;
  k: number;
}

export interface GraphPageState {
  choice: GraphChoice;
  /** Pan and zoom per mode, once the user has moved the view. */
  views: Partial<Record<GraphMode, Viewport>>;
}

const GEOMETRY: Record<GraphMode, { layerGap: number; nodeGap: number; w: number; h: number }> = {
  tasks: { layerGap: 90, nodeGap: 14, w: 10, h: 10 },
  groups: { layerGap: 230, nodeGap: 100, w: 160, h: 44 },
};

/** While a run is live, lay out again at most this often. */
const RELAYOUT_INTERVAL_MS = 400;

interface Placed {
  readonly nodes: GraphNodes;
  readonly layout: Layout;
  readonly runId: string;
  readonly signature: string;
}

export class GraphPage {
  readonly element = el("section", "page graph-page");
  private readonly info = el("span", "graph-info");
  private readonly tasksButton = el("vscode-button", "mode-tasks", "Tasks");
  private readonly groupsButton = el("vscode-button", "mode-groups", "Groups");
  private readonly fitButton = el("vscode-button", "fit", "Fit");
  private readonly frame = el("div", "canvas-frame graph-frame");
  private readonly canvas = el("canvas", "graph-canvas");
  private readonly tooltip = el("div", "tooltip");
  private readonly onOpen: (location: SourceLocation) => void;
  private readonly onChange: () => void;

  state: GraphPageState = { choice: "auto", views: {} };
  private run: RunModel | undefined;
  private theme: ThemeColors | undefined;
  private placed: Placed | undefined;
  private pending: { signature: string; abort: AbortController } | undefined;
  private lastLayoutAt = 0;
  private relayoutTimer: ReturnType<typeof setTimeout> | undefined;
  private hoverIndex = -1;
  private requestDraw: () => void = () => undefined;

  /** For tests and benchmarks: what the page last did. */
  readonly stats = {
    layouts: 0,
    lastLayoutMs: 0,
    draws: 0,
    drawMsTotal: 0,
    drawMsMax: 0,
    mode: "tasks" as GraphMode,
  };

  constructor(onOpen: (location: SourceLocation) => void, onChange: () => void) {
    this.onOpen = onOpen;
    this.onChange = onChange;
    const toolbar = el("div", "graph-toolbar");
    const modes = el("div", "mode-switch");
    modes.append(this.tasksButton, this.groupsButton);
    this.fitButton.setAttribute("secondary", "");
    this.fitButton.title = "Fit the whole graph in view";
    toolbar.append(modes, this.info, this.fitButton);
    this.frame.append(this.canvas, this.tooltip);
    const legend = el("div", "legend state-legend");
    for (const state of PROGRESS_STATES) {
      const item = el("span", "legend-item");
      item.append(el("span", `swatch state-${state}`), document.createTextNode(state));
      legend.append(item);
    }
    this.element.append(toolbar, this.frame, legend);
    this.tasksButton.addEventListener("click", () => this.choose("tasks"));
    this.groupsButton.addEventListener("click", () => this.choose("groups"));
    this.fitButton.addEventListener("click", () => {
      if (!this.placed) return;
      this.state.views[this.placed.nodes.mode] = this.fitView(
        this.frame.clientWidth,
        this.frame.clientHeight,
      );
      this.onChange();
    });
    this.canvas.addEventListener("wheel", (event) => this.wheel(event), { passive: false });
    this.canvas.addEventListener("pointerdown", (event) => this.pointerDown(event));
    this.canvas.addEventListener("pointermove", (event) => this.hover(event));
    this.canvas.addEventListener("pointerleave", () => this.hideTooltip());
  }

  setRequestDraw(callback: () => void): void {
    this.requestDraw = callback;
  }

  private choose(choice: GraphMode): void {
    this.state.choice = choice;
    this.onChange();
  }

  mode(run: RunModel): GraphMode {
    if (!canShowTasks(run)) return "groups";
    return this.state.choice === "auto" ? "tasks" : this.state.choice;
  }

  private signatureOf(run: RunModel, mode: GraphMode): string {
    if (mode === "tasks") return `${run.runId}:tasks:${run.structureVersion}`;
    const groups = [...run.groups.values()].map((g) => `${g.group}<${g.dependsOn.join("+")}`);
    return `${run.runId}:groups:${groups.join(",")}`;
  }

  render(run: RunModel, theme: ThemeColors): void {
    this.run = run;
    this.theme = theme;
    const mode = this.mode(run);
    const showTasks = canShowTasks(run);
    this.tasksButton.toggleAttribute("secondary", mode !== "tasks");
    this.groupsButton.toggleAttribute("secondary", mode !== "groups");
    this.tasksButton.toggleAttribute("disabled", !showTasks);
    this.tasksButton.title = showTasks
      ? "A node per task"
      : `Above ${formatCount(TASK_GRAPH_LIMIT)} tasks the graph shows task groups`;
    const count = run.taskCount();
    setText(
      this.info,
      mode === "tasks"
        ? `${formatCount(count)} tasks`
        : `${formatCount(run.groups.size)} groups · ${formatCount(count)} tasks`,
    );
    this.element.dataset["mode"] = mode;

    const signature = this.signatureOf(run, mode);
    if (this.placed?.signature !== signature && this.pending?.signature !== signature) {
      this.scheduleLayout(run, mode, signature);
    }
    this.draw();
  }

  private scheduleLayout(run: RunModel, mode: GraphMode, signature: string): void {
    const wait = this.lastLayoutAt + RELAYOUT_INTERVAL_MS - performance.now();
    const sameView = this.placed?.runId === run.runId && this.placed.nodes.mode === mode;
    if (sameView && wait > 0 && run.status === "running") {
      this.relayoutTimer ??= setTimeout(() => {
        this.relayoutTimer = undefined;
        this.requestDraw();
      }, wait);
      return;
    }
    this.pending?.abort.abort();
    const abort = new AbortController();
    this.pending = { signature, abort };
    const nodes = mode === "tasks" ? taskGraph(run) : groupGraph(run);
    const geometry = GEOMETRY[mode];
    const started = performance.now();
    runSliced(layeredLayout(nodes, { layerGap: geometry.layerGap, nodeGap: geometry.nodeGap }), {
      signal: abort.signal,
      budgetMs: 8,
    }).then(
      (layout) => {
        if (this.pending?.signature !== signature) return;
        this.pending = undefined;
        this.placed = { nodes, layout, runId: run.runId, signature };
        this.lastLayoutAt = performance.now();
        this.stats.layouts++;
        this.stats.lastLayoutMs = this.lastLayoutAt - started;
        this.stats.mode = mode;
        this.hoverIndex = -1;
        this.element.dataset["nodes"] = String(nodes.nodeCount);
        this.element.dataset["layouts"] = String(this.stats.layouts);
        this.requestDraw();
      },
      (error: unknown) => {
        if (!(error instanceof SliceAbortedError)) throw error;
      },
    );
  }

  /** The view that fits the whole graph in the canvas. */
  private fitView(width: number, height: number): Viewport {
    const placed = this.placed;
    if (!placed) return { x: 0, y: 0, k: 1 };
    const geometry = GEOMETRY[placed.nodes.mode];
    const margin = 24;
    const worldW = placed.layout.width + geometry.w;
    const worldH = placed.layout.height + geometry.h;
    const k = Math.min(
      2,
      (width - 2 * margin) / Math.max(worldW, 1),
      (height - 2 * margin) / Math.max(worldH, 1),
    );
    return {
      k,
      x: (width - placed.layout.width * k) / 2,
      y: (height - placed.layout.height * k) / 2,
    };
  }

  /**
   * The view of the current mode: the user's, or one that fits the whole graph. Group nodes
   * carry text, so a long chain of groups starts readable at its left end instead of tiny.
   */
  private viewport(width: number, height: number): Viewport {
    const placed = this.placed;
    if (!placed) return { x: 0, y: 0, k: 1 };
    const saved = this.state.views[placed.nodes.mode];
    if (saved) return saved;
    const fit = this.fitView(width, height);
    const readable = 0.8;
    if (placed.nodes.mode === "tasks" || fit.k >= readable) return fit;
    const geometry = GEOMETRY.groups;
    return {
      k: readable,
      x: 16 + (geometry.w / 2) * readable,
      y: (height - placed.layout.height * readable) / 2,
    };
  }

  draw(): void {
    const theme = this.theme;
    const run = this.run;
    const width = this.frame.clientWidth;
    const height = this.frame.clientHeight;
    if (!theme || !run || width === 0 || height === 0) return;
    const started = performance.now();
    const ratio = fitCanvas(this.canvas, width, height);
    const context = this.canvas.getContext("2d");
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    const placed = this.placed;
    if (!placed || placed.runId !== run.runId) {
      context.fillStyle = theme.muted;
      context.font = `12px ${theme.fontFamily}`;
      context.fillText(run.groups.size === 0 ? "No tasks yet." : "Laying out…", 12, 20);
      return;
    }
    const view = this.viewport(width, height);
    if (placed.nodes.mode === "tasks") this.drawTasks(context, placed, view, width, height, theme);
    else this.drawGroups(context, placed, view, width, theme);
    const drawMs = performance.now() - started;
    this.stats.draws++;
    this.stats.drawMsTotal += drawMs;
    this.stats.drawMsMax = Math.max(this.stats.drawMsMax, drawMs);
  }

  private visibleLayers(placed: Placed, view: Viewport, width: number): [number, number] {
    const gap = placed.layout.layerGap;
    const pad = GEOMETRY[placed.nodes.mode].w;
    const first = Math.max(0, Math.floor((-view.x / view.k - pad) / gap));
    const last = Math.min(
      placed.layout.layers.length - 1,
      Math.ceil(((width - view.x) / view.k + pad) / gap),
    );
    return [first, last];
  }

  private taskState(run: RunModel, key: string): ProgressState {
    return progressStateOf(run.tasks.get(key)?.state ?? "waiting");
  }

  private drawTasks(
    context: CanvasRenderingContext2D,
    placed: Placed,
    view: Viewport,
    width: number,
    height: number,
    theme: ThemeColors,
  ): void {
    const run = this.run as RunModel;
    const { x, y, layers } = placed.layout;
    const { dependencies, ids } = placed.nodes;
    const [first, last] = this.visibleLayers(placed, view, width);
    const sx = (i: number): number => (x[i] as number) * view.k + view.x;
    const sy = (i: number): number => (y[i] as number) * view.k + view.y;
    const size = Math.max(2, GEOMETRY.tasks.w * view.k);

    // Edges into the visible layers (and out of them into later ones), one path.
    context.strokeStyle = theme.edge;
    context.lineWidth = 1;
    context.globalAlpha = view.k < 0.3 ? 0.35 : 0.7;
    context.beginPath();
    const lastX = width + size;
    for (let layer = first; layer <= Math.min(last + 1, layers.length - 1); layer++) {
      for (const node of layers[layer] as Int32Array) {
        const tx = sx(node);
        const ty = sy(node);
        for (const dep of dependencies[node] ?? []) {
          const fx = sx(dep);
          if (fx > lastX) continue;
          const fy = sy(dep);
          if ((fy < 0 && ty < 0) || (fy > height && ty > height)) continue;
          const mid = (fx + tx) / 2;
          context.moveTo(fx + size / 2, fy);
          context.bezierCurveTo(mid, fy, mid, ty, tx - size / 2, ty);
        }
      }
    }
    context.stroke();
    context.globalAlpha = 1;

    // Nodes: one path per state.
    const paths = new Map<ProgressState, Path2D>(PROGRESS_STATES.map((s) => [s, new Path2D()]));
    for (let layer = first; layer <= last; layer++) {
      for (const node of layers[layer] as Int32Array) {
        const cy = sy(node);
        if (cy < -size || cy > height + size) continue;
        const path = paths.get(this.taskState(run, ids[node] as string)) as Path2D;
        path.rect(sx(node) - size / 2, cy - size / 2, size, size);
      }
    }
    for (const [state, path] of paths) {
      context.fillStyle = theme.state[state];
      context.fill(path);
    }
    if (this.hoverIndex >= 0 && this.hoverIndex < ids.length) {
      context.strokeStyle = theme.focus;
      context.lineWidth = 2;
      context.strokeRect(
        sx(this.hoverIndex) - size / 2 - 2,
        sy(this.hoverIndex) - size / 2 - 2,
        size + 4,
        size + 4,
      );
    }
    // Labels once there is room for them.
    if (GEOMETRY.tasks.nodeGap * view.k >= 13 && GEOMETRY.tasks.layerGap * view.k >= 110) {
      context.fillStyle = theme.foreground;
      context.font = `11px ${theme.fontFamily}`;
      context.textBaseline = "middle";
      for (let layer = first; layer <= last; layer++) {
        for (const node of layers[layer] as Int32Array) {
          const cy = sy(node);
          if (cy < 0 || cy > height) continue;
          context.fillText(ids[node] as string, sx(node) - size / 2, cy - size / 2 - 7);
        }
      }
    }
  }

  private drawGroups(
    context: CanvasRenderingContext2D,
    placed: Placed,
    view: Viewport,
    width: number,
    theme: ThemeColors,
  ): void {
    const run = this.run as RunModel;
    const { x, y } = placed.layout;
    const { dependencies, ids } = placed.nodes;
    const { w, h } = GEOMETRY.groups;
    const k = view.k;
    const sx = (i: number): number => (x[i] as number) * k + view.x;
    const sy = (i: number): number => (y[i] as number) * k + view.y;

    context.strokeStyle = theme.edge;
    context.lineWidth = 1.5;
    context.beginPath();
    const { layerOf } = placed.layout;
    for (let node = 0; node < ids.length; node++) {
      for (const dep of dependencies[node] ?? []) {
        const fx = sx(dep) + (w / 2) * k;
        const tx = sx(node) - (w / 2) * k;
        const fy = sy(dep);
        const ty = sy(node);
        const span = (layerOf[node] as number) - (layerOf[dep] as number);
        if (span <= 1) {
          const mid = (fx + tx) / 2;
          context.moveTo(fx, fy);
          context.bezierCurveTo(mid, fy, mid, ty, tx, ty);
          continue;
        }
        // An edge that skips layers arcs over the nodes in between instead of hiding behind them.
        const lift = Math.min(fy, ty) - (h * 0.5 + 14 + 8 * Math.min(span, 6)) * k;
        context.moveTo(fx, fy);
        context.bezierCurveTo(fx + 40 * k, lift, tx - 40 * k, lift, tx, ty);
      }
    }
    context.stroke();

    const fontSize = Math.max(6, Math.min(13, 12 * k));
    context.font = `${fontSize}px ${theme.fontFamily}`;
    context.textBaseline = "middle";
    for (let node = 0; node < ids.length; node++) {
      const group = run.groups.get(ids[node] as string);
      if (!group) continue;
      const left = sx(node) - (w / 2) * k;
      const top = sy(node) - (h / 2) * k;
      if (left > width || left + w * k < 0) continue;
      context.fillStyle = theme.background;
      context.strokeStyle = node === this.hoverIndex ? theme.focus : theme.edge;
      context.lineWidth = node === this.hoverIndex ? 2 : 1;
      context.beginPath();
      context.roundRect(left, top, w * k, h * k, 4 * k);
      context.fill();
      context.stroke();
      // Progress inside the node, in state order.
      const counts = progressCounts(group);
      const total = PROGRESS_STATES.reduce((sum, s) => sum + counts[s], 0);
      let barX = left + 8 * k;
      const barW = (w - 16) * k;
      for (const state of PROGRESS_STATES) {
        if (total === 0 || counts[state] === 0) continue;
        const segment = (barW * counts[state]) / total;
        context.fillStyle = theme.state[state];
        context.fillRect(barX, top + (h - 14) * k, segment, 6 * k);
        barX += segment;
      }
      if (fontSize > 6) {
        context.fillStyle = theme.foreground;
        context.fillText(group.group, left + 8 * k, top + 14 * k, (w - 16) * k * 0.6);
        context.fillStyle = theme.muted;
        const text = `${formatCount(counts.done)}/${formatCount(total)}`;
        const textWidth = context.measureText(text).width;
        context.fillText(text, left + (w - 8) * k - textWidth, top + 14 * k);
      } else {
        // Too small for text inside: the name goes under the node, cut to the layer's width.
        context.font = `10px ${theme.fontFamily}`;
        context.fillStyle = theme.foreground;
        const room = placed.layout.layerGap * k - 4;
        const name = elide(context, group.group, room);
        const nameWidth = context.measureText(name).width;
        context.fillText(name, sx(node) - nameWidth / 2, top + h * k + 8);
        context.font = `${fontSize}px ${theme.fontFamily}`;
      }
    }
  }

  /** The node under a point on the canvas, or -1. */
  private hit(px: number, py: number): number {
    const placed = this.placed;
    if (!placed) return -1;
    const view = this.viewport(this.frame.clientWidth, this.frame.clientHeight);
    const wx = (px - view.x) / view.k;
    const wy = (py - view.y) / view.k;
    const geometry = GEOMETRY[placed.nodes.mode];
    // Small nodes get a few pixels of slack so they stay easy to point at.
    const slack = 3 / view.k;
    const layer = Math.round(wx / placed.layout.layerGap);
    const nodes = placed.layout.layers[layer];
    if (!nodes || nodes.length === 0) return -1;
    if (Math.abs(wx - layer * placed.layout.layerGap) > geometry.w / 2 + slack) return -1;
    const { y } = placed.layout;
    let low = 0;
    let high = nodes.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((y[nodes[mid] as number] as number) < wy) low = mid + 1;
      else high = mid;
    }
    for (const candidate of [low - 1, low]) {
      const node = nodes[candidate];
      if (node === undefined) continue;
      if (Math.abs((y[node] as number) - wy) <= geometry.h / 2 + slack) return node;
    }
    return -1;
  }

  /** The ids of the nodes drawn now, for tests. */
  nodeIds(): readonly string[] {
    return this.placed ? [...this.placed.nodes.ids] : [];
  }

  /** Where a node is on screen, relative to the canvas, for tests and benchmarks. */
  screenPosition(id: string): { x: number; y: number } | undefined {
    const placed = this.placed;
    if (!placed) return undefined;
    const index = placed.nodes.ids.indexOf(id);
    if (index < 0) return undefined;
    const view = this.viewport(this.frame.clientWidth, this.frame.clientHeight);
    return {
      x: (placed.layout.x[index] as number) * view.k + view.x,
      y: (placed.layout.y[index] as number) * view.k + view.y,
    };
  }

  private hideTooltip(): void {
    this.tooltip.classList.remove("visible");
    if (this.hoverIndex !== -1) {
      this.hoverIndex = -1;
      this.requestDraw();
    }
  }

  private hover(event: PointerEvent): void {
    if (event.buttons !== 0) return;
    const run = this.run;
    const placed = this.placed;
    const point = this.localPoint(event);
    const index = this.hit(point.x, point.y);
    if (!run || !placed || index < 0) {
      this.hideTooltip();
      this.canvas.style.cursor = "";
      return;
    }
    const id = placed.nodes.ids[index] as string;
    this.tooltip.textContent =
      placed.nodes.mode === "tasks" ? this.describeTask(run, id) : this.describeGroup(run, id);
    this.tooltip.style.left = `${Math.min(point.x + 14, this.frame.clientWidth - 200)}px`;
    this.tooltip.style.top = `${point.y + 14}px`;
    this.tooltip.classList.add("visible");
    this.canvas.style.cursor = this.locationOf(run, placed, index) ? "pointer" : "";
    if (this.hoverIndex !== index) {
      this.hoverIndex = index;
      this.requestDraw();
    }
  }

  private describeTask(run: RunModel, key: string): string {
    const task = run.tasks.get(key);
    if (!task) return key;
    const lines = [key, `group: ${task.group}`, `state: ${task.state}`];
    if (task.startTime !== undefined && task.endTime !== undefined) {
      lines.push(`duration: ${formatMs(Math.max(0, task.endTime - task.startTime))}`);
    } else if (task.startTime !== undefined && task.state === "processing") {
      lines.push(`running for ${formatMs(run.time - task.startTime)}`);
    }
    if (task.worker !== undefined) lines.push(`thread: ${task.worker}`);
    if (task.location) lines.push(`${task.location.file}:${task.location.line}`);
    return lines.join("\n");
  }

  private describeGroup(run: RunModel, name: string): string {
    const group = run.groups.get(name);
    if (!group) return name;
    const counts = progressCounts(group);
    return [
      `group: ${name}`,
      ...PROGRESS_STATES.filter((s) => counts[s] > 0).map((s) => `${s}: ${formatCount(counts[s])}`),
      `task time: ${formatMs(group.busyMs)}`,
    ].join("\n");
  }

  private locationOf(run: RunModel, placed: Placed, index: number): SourceLocation | undefined {
    const id = placed.nodes.ids[index] as string;
    return placed.nodes.mode === "tasks" ? run.tasks.get(id)?.location : run.groupLocations.get(id);
  }

  private localPoint(event: MouseEvent): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  private currentView(): Viewport | undefined {
    const placed = this.placed;
    if (!placed) return undefined;
    const view = { ...this.viewport(this.frame.clientWidth, this.frame.clientHeight) };
    this.state.views[placed.nodes.mode] = view;
    return view;
  }

  private wheel(event: WheelEvent): void {
    event.preventDefault();
    const view = this.currentView();
    if (!view) return;
    const point = this.localPoint(event);
    const factor = Math.exp(-event.deltaY * (event.ctrlKey ? 0.01 : 0.0015));
    const k = Math.min(8, Math.max(0.005, view.k * factor));
    view.x = point.x - ((point.x - view.x) * k) / view.k;
    view.y = point.y - ((point.y - view.y) * k) / view.k;
    view.k = k;
    this.onChange();
  }

  private pointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    const start = this.localPoint(event);
    let moved = false;
    let last = start;
    this.canvas.setPointerCapture(event.pointerId);
    this.hideTooltip();
    const move = (next: PointerEvent): void => {
      const point = this.localPoint(next);
      if (!moved && Math.hypot(point.x - start.x, point.y - start.y) < 4) return;
      moved = true;
      const view = this.currentView();
      if (!view) return;
      view.x += point.x - last.x;
      view.y += point.y - last.y;
      last = point;
      this.onChange();
    };
    const up = (): void => {
      this.canvas.removeEventListener("pointermove", move);
      this.canvas.removeEventListener("pointerup", up);
      if (moved) return;
      const run = this.run;
      const placed = this.placed;
      const index = this.hit(start.x, start.y);
      if (!run || !placed || index < 0) return;
      const location = this.locationOf(run, placed, index);
      if (location) this.onOpen(location);
    };
    this.canvas.addEventListener("pointermove", move);
    this.canvas.addEventListener("pointerup", up);
  }
}

/** The text, cut with an ellipsis to fit `width` pixels in the context's font. */
function elide(context: CanvasRenderingContext2D, text: string, width: number): string {
  if (context.measureText(text).width <= width) return text;
  let end = text.length;
  while (end > 1 && context.measureText(`${text.slice(0, end)}…`).width > width) end--;
  return `${text.slice(0, end)}…`;
}
