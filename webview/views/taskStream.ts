/**
 * The task stream: a row per worker thread, a rectangle per task coloured by its group, so idle
 * gaps show as empty space. It follows the live edge; wheel or drag scrolls into the recent
 * past (the Live button comes back), Ctrl+wheel zooms the time window.
 */
import type { RunModel, StreamRect } from "../model/runModel";
import { el, fitCanvas, formatMs } from "./dom";

/** An axis label: seconds since the run started, with as many decimals as the step needs. */
function formatSeconds(ms: number, step: number): string {
  const decimals = step >= 1_000 ? 0 : step >= 100 ? 1 : step >= 10 ? 2 : 3;
  return `${(ms / 1_000).toFixed(decimals)} s`;
}
import { groupColor, type ThemeColors } from "./theme";

const LABEL_WIDTH = 64;
const ROW_HEIGHT = 16;
const ROW_GAP = 3;
const AXIS_HEIGHT = 18;

export interface TaskStreamState {
  followLive: boolean;
  windowMs: number;
  endMs: number;
}

/** The first index whose rectangle ends at or after `time` (rects are sorted by end). */
function firstEndingAfter(rects: readonly StreamRect[], time: number): number {
  let low = 0;
  let high = rects.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((rects[mid] as StreamRect).end < time) low = mid + 1;
    else high = mid;
  }
  return low;
}

export class TaskStream {
  readonly element = el("div", "task-stream");
  private readonly canvas = el("canvas", "task-stream-canvas");
  private readonly liveButton = el("vscode-button", "live-button", "Live");
  private readonly legend = el("div", "legend");
  private readonly tooltip = el("div", "tooltip");
  private legendSignature = "";
  private run: RunModel | undefined;
  private groupIndex = new Map<string, number>();
  private width = 300;
  private onChange: () => void = () => undefined;
  state: TaskStreamState = { followLive: true, windowMs: 15_000, endMs: 0 };

  constructor() {
    const header = el("div", "section-header");
    header.append(el("h2", "", "Task stream"), this.liveButton);
    this.liveButton.setAttribute("secondary", "");
    this.liveButton.title = "Follow the live edge of the run";
    this.liveButton.addEventListener("click", () => {
      this.state.followLive = true;
      this.onChange();
    });
    const frame = el("div", "canvas-frame");
    frame.append(this.canvas, this.tooltip);
    this.element.append(header, frame, this.legend);
    this.canvas.addEventListener("wheel", (event) => this.wheel(event), { passive: false });
    this.canvas.addEventListener("pointerdown", (event) => this.drag(event));
    this.canvas.addEventListener("pointermove", (event) => this.hover(event));
    this.canvas.addEventListener("pointerleave", () => this.tooltip.classList.remove("visible"));
  }

  /** Called when the user scrolls or zooms, so the app can redraw and save its state. */
  setOnChange(callback: () => void): void {
    this.onChange = callback;
  }

  private workerRows(run: RunModel): number[] {
    const ids = new Set<number>([...run.workers.keys(), ...run.stream.keys()]);
    // Before the first sample, a row per thread the run started with.
    if (ids.size === 0) for (let id = 0; id < run.workerCount; id++) ids.add(id);
    return [...ids].sort((a, b) => a - b);
  }

  /** The time span in view: the chosen window, or the whole run once it ended shorter. */
  private span(run: RunModel): number {
    if (run.status === "running") return this.state.windowMs;
    return Math.min(this.state.windowMs, Math.max(run.time, 50));
  }

  /** The right edge of the view: the live edge (the run's first window fills from 0). */
  private visibleEnd(run: RunModel): number {
    return this.state.followLive ? Math.max(run.time, this.span(run)) : this.state.endMs;
  }

  render(run: RunModel, theme: ThemeColors, width: number): void {
    this.run = run;
    this.width = width;
    this.liveButton.hidden = this.state.followLive;
    let index = 0;
    this.groupIndex = new Map([...run.groups.keys()].map((group) => [group, index++]));
    for (const task of run.groupLocations.keys()) {
      if (!this.groupIndex.has(task)) this.groupIndex.set(task, index++);
    }
    this.renderLegend(theme);

    const rows = this.workerRows(run);
    const height = Math.max(1, rows.length) * (ROW_HEIGHT + ROW_GAP) + AXIS_HEIGHT;
    const ratio = fitCanvas(this.canvas, width, height);
    const context = this.canvas.getContext("2d");
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    context.font = `11px ${theme.fontFamily}`;
    context.textBaseline = "middle";

    const plotWidth = Math.max(10, width - LABEL_WIDTH);
    const span = this.span(run);
    const t1 = this.visibleEnd(run);
    const t0 = t1 - span;
    const scale = plotWidth / span;
    const toX = (time: number): number => LABEL_WIDTH + (time - t0) * scale;

    const colors = {
      byGroup: new Map(
        [...this.groupIndex].map(([group, index]) => [group, groupColor(index, theme)]),
      ),
      fallback: groupColor(0, theme),
      get(group: string): string | undefined {
        return this.byGroup.get(group);
      },
    };
    rows.forEach((id, row) => {
      const top = row * (ROW_HEIGHT + ROW_GAP);
      context.fillStyle = theme.muted;
      context.fillText(`Thread ${id}`, 2, top + ROW_HEIGHT / 2);
      context.fillStyle = theme.background;
      context.fillRect(LABEL_WIDTH, top, plotWidth, ROW_HEIGHT);
      const rects = run.stream.get(id) ?? [];
      // One path per colour, filled once: fillStyle changes are what cost, not rectangles. A
      // task that falls inside a pixel column already painted on this row adds nothing, so a
      // row never draws more rectangles than it has pixels.
      const paths = new Map<string, Path2D>();
      let paintedTo = -Infinity;
      for (let i = firstEndingAfter(rects, t0); i < rects.length; i++) {
        const rect = rects[i] as StreamRect;
        if (rect.start > t1) {
          if (rect.end > t1 + span) break;
          continue;
        }
        const x0 = Math.max(LABEL_WIDTH, toX(rect.start));
        const x1 = Math.min(width, toX(rect.end));
        if (x1 <= paintedTo) continue;
        const color = rect.erred ? theme.state.erred : (colors.get(rect.group) ?? colors.fallback);
        let path = paths.get(color);
        if (!path) {
          path = new Path2D();
          paths.set(color, path);
        }
        // At least a pixel wide, less a hair so neighbouring tasks stay apart.
        const w = Math.max(1, x1 - x0 - 0.5);
        path.rect(x0, top + 1, w, ROW_HEIGHT - 2);
        paintedTo = Math.floor(x0 + w);
      }
      for (const [color, path] of paths) {
        context.fillStyle = color;
        context.fill(path);
      }
      // Tasks running now: from their start to the live edge, drawn lighter.
      const worker = run.workers.get(id);
      if (worker && run.status === "running") {
        context.globalAlpha = 0.45;
        for (const key of worker.running) {
          const task = run.tasks.get(key);
          if (task?.startTime === undefined) continue;
          const x0 = Math.max(LABEL_WIDTH, toX(task.startTime));
          context.fillStyle = colors.get(task.group) ?? colors.fallback;
          context.fillRect(x0, top + 1, Math.max(1, toX(run.time) - x0), ROW_HEIGHT - 2);
        }
        context.globalAlpha = 1;
      }
    });

    // Time axis: a tick every "nice" step, labelled in seconds since the run started.
    const axisTop = rows.length * (ROW_HEIGHT + ROW_GAP);
    const step = niceStep(span / Math.max(1, plotWidth / 70));
    context.strokeStyle = theme.border;
    context.fillStyle = theme.muted;
    context.beginPath();
    context.moveTo(LABEL_WIDTH, axisTop + 0.5);
    context.lineTo(width, axisTop + 0.5);
    for (let t = Math.ceil(Math.max(0, t0) / step) * step; t <= t1; t += step) {
      const x = Math.round(toX(t)) + 0.5;
      context.moveTo(x, axisTop);
      context.lineTo(x, axisTop + 4);
      context.fillText(formatSeconds(t, step), x + 2, axisTop + 10);
    }
    context.stroke();
  }

  private renderLegend(theme: ThemeColors): void {
    const signature = `${theme.kind}:${[...this.groupIndex.keys()].join(",")}`;
    if (signature === this.legendSignature) return;
    this.legendSignature = signature;
    this.legend.replaceChildren(
      ...[...this.groupIndex].map(([group, index]) => {
        const item = el("span", "legend-item");
        const swatch = el("span", "swatch");
        swatch.style.background = groupColor(index, theme);
        item.append(swatch, document.createTextNode(group));
        return item;
      }),
    );
  }

  private scrollBy(ms: number): void {
    const run = this.run;
    if (!run) return;
    const span = this.span(run);
    const end = Math.min(Math.max(run.time, span), this.visibleEnd(run) + ms);
    this.state.followLive = end >= run.time;
    this.state.endMs = Math.max(span, end);
    this.onChange();
  }

  private wheel(event: WheelEvent): void {
    event.preventDefault();
    const plotWidth = Math.max(10, this.width - LABEL_WIDTH);
    if (event.ctrlKey) {
      const factor = Math.exp(event.deltaY * 0.002);
      this.state.windowMs = Math.min(3_600_000, Math.max(50, this.state.windowMs * factor));
      this.onChange();
      return;
    }
    const delta = Math.abs(event.deltaX) > Math.abs(event.deltaY) ? event.deltaX : event.deltaY;
    this.scrollBy((delta / plotWidth) * (this.run ? this.span(this.run) : this.state.windowMs));
  }

  private drag(event: PointerEvent): void {
    const run = this.run;
    if (!run) return;
    this.canvas.setPointerCapture(event.pointerId);
    let lastX = event.clientX;
    const plotWidth = Math.max(10, this.width - LABEL_WIDTH);
    const move = (next: PointerEvent): void => {
      this.scrollBy(((lastX - next.clientX) / plotWidth) * this.span(run));
      lastX = next.clientX;
    };
    const up = (): void => {
      this.canvas.removeEventListener("pointermove", move);
      this.canvas.removeEventListener("pointerup", up);
    };
    this.canvas.addEventListener("pointermove", move);
    this.canvas.addEventListener("pointerup", up);
  }

  private hover(event: PointerEvent): void {
    const run = this.run;
    if (!run || event.buttons !== 0) return;
    const rect = this.canvas.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    const row = Math.floor(y / (ROW_HEIGHT + ROW_GAP));
    const id = this.workerRows(run)[row];
    const plotWidth = Math.max(10, this.width - LABEL_WIDTH);
    const span = this.span(run);
    const t1 = this.visibleEnd(run);
    const time = t1 - span + ((x - LABEL_WIDTH) / plotWidth) * span;
    const rects = id === undefined ? [] : (run.stream.get(id) ?? []);
    const slack = (2 / plotWidth) * span;
    let found: StreamRect | undefined;
    for (let i = firstEndingAfter(rects, time - slack); i < rects.length; i++) {
      const candidate = rects[i] as StreamRect;
      if (candidate.start - slack <= time && candidate.end + slack >= time) {
        found = candidate;
        break;
      }
      if (candidate.start > time + slack) break;
    }
    if (!found || x < LABEL_WIDTH) {
      this.tooltip.classList.remove("visible");
      return;
    }
    this.tooltip.textContent = `${found.key}\ngroup ${found.group} · thread ${id ?? "?"}\n${
      found.erred ? "erred" : "done"
    } in ${formatMs(found.end - found.start)}`;
    this.tooltip.style.left = `${Math.min(x + 12, this.width - 180)}px`;
    this.tooltip.style.top = `${y + 12}px`;
    this.tooltip.classList.add("visible");
  }
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
export function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  for (const factor of [1, 2, 5, 10]) if (power * factor >= raw) return power * factor;
  return power * 10;
}
