/**
 * A progress bar per task group, as in Dask's progress panel: one segment per state, widths
 * from the exact per-group counts, every count in the row's tooltip.
 */
import type { GroupSummary } from "../../runtime/src/protocol/events";
import { el, formatCount, formatMs, setText } from "./dom";
import { PROGRESS_STATES, type ProgressState } from "./theme";

export function progressCounts(group: GroupSummary): Record<ProgressState, number> {
  const c = group.counts;
  return {
    done: c.memory + c.released,
    processing: c.processing,
    queued: c.queued,
    waiting: c.waiting,
    erred: c.erred,
    cancelled: c.cancelled,
  };
}

interface Row {
  readonly element: HTMLElement;
  readonly total: HTMLElement;
  readonly segments: Record<ProgressState, HTMLElement>;
  signature: string;
}

export class ProgressBars {
  readonly element = el("div", "progress-list");
  private readonly rows = new Map<string, Row>();

  render(groups: Iterable<GroupSummary>): void {
    const seen = new Set<string>();
    for (const group of groups) {
      seen.add(group.group);
      const row = this.rows.get(group.group) ?? this.addRow(group.group);
      this.update(row, group);
    }
    for (const [name, row] of this.rows) {
      if (seen.has(name)) continue;
      row.element.remove();
      this.rows.delete(name);
    }
  }

  clear(): void {
    this.rows.clear();
    this.element.replaceChildren();
  }

  private addRow(name: string): Row {
    const element = el("div", "progress-row");
    element.dataset["group"] = name;
    const label = el("span", "progress-name", name);
    const total = el("span", "progress-total");
    const bar = el("div", "progress-bar");
    const segments = {} as Record<ProgressState, HTMLElement>;
    for (const state of PROGRESS_STATES) {
      const segment = el("span", `segment state-${state}`);
      segment.dataset["state"] = state;
      segments[state] = segment;
      bar.append(segment);
    }
    element.append(label, total, bar);
    this.element.append(element);
    const row = { element, total, segments, signature: "" };
    this.rows.set(name, row);
    return row;
  }

  private update(row: Row, group: GroupSummary): void {
    const counts = progressCounts(group);
    const signature = PROGRESS_STATES.map((state) => counts[state]).join(",");
    if (signature === row.signature) return;
    row.signature = signature;
    const total = PROGRESS_STATES.reduce((sum, state) => sum + counts[state], 0);
    for (const state of PROGRESS_STATES) {
      const segment = row.segments[state];
      segment.style.width = total === 0 ? "0%" : `${(100 * counts[state]) / total}%`;
      segment.dataset["count"] = String(counts[state]);
    }
    setText(row.total, `${formatCount(counts.done)} / ${formatCount(total)}`);
    row.element.title = [
      `${group.group}: ${formatCount(total)} tasks`,
      ...PROGRESS_STATES.filter((s) => s !== "cancelled" || counts.cancelled > 0).map(
        (state) => `${state}: ${formatCount(counts[state])}`,
      ),
      `task time: ${formatMs(group.busyMs)}`,
    ].join("\n");
  }
}
