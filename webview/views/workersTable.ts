/** Workers: a row per worker thread with its state, running tasks, utilization and memory. */
import type { WorkerSample } from "../../runtime/src/protocol/events";
import { el, formatBytes, setText } from "./dom";

interface Row {
  readonly element: HTMLTableRowElement;
  readonly state: HTMLElement;
  readonly running: HTMLElement;
  readonly utilizationBar: HTMLElement;
  readonly utilizationText: HTMLElement;
  readonly memory: HTMLElement;
}

export class WorkersTable {
  readonly element = el("table", "workers");
  private readonly body = el("tbody");
  private readonly rows = new Map<number, Row>();

  constructor() {
    const head = el("thead");
    const header = el("tr");
    for (const title of ["Thread", "State", "Running", "Utilization", "Memory"]) {
      header.append(el("th", "", title));
    }
    head.append(header);
    this.element.append(head, this.body);
  }

  render(workers: Iterable<WorkerSample>): void {
    const sorted = [...workers].sort((a, b) => a.id - b.id);
    for (const worker of sorted) {
      const row = this.rows.get(worker.id) ?? this.addRow(worker.id);
      row.element.dataset["state"] = worker.state;
      setText(row.state, worker.state);
      row.state.className = `worker-state worker-${worker.state}`;
      setText(row.running, worker.running.length === 0 ? "—" : worker.running.join(", "));
      row.running.title = worker.running.join("\n");
      const percent = Math.round(worker.utilization * 100);
      row.utilizationBar.style.width = `${percent}%`;
      setText(row.utilizationText, `${percent}%`);
      setText(row.memory, worker.memory === undefined ? "—" : formatBytes(worker.memory));
    }
    const ids = new Set(sorted.map((worker) => worker.id));
    for (const [id, row] of this.rows) {
      if (ids.has(id)) continue;
      row.element.remove();
      this.rows.delete(id);
    }
  }

  clear(): void {
    this.rows.clear();
    this.body.replaceChildren();
  }

  private addRow(id: number): Row {
    const element = el("tr");
    element.dataset["worker"] = String(id);
    const state = el("span", "worker-state");
    const running = el("td", "running");
    const utilization = el("td", "utilization");
    const meter = el("span", "meter");
    const utilizationBar = el("span", "meter-fill");
    const utilizationText = el("span", "meter-text");
    meter.append(utilizationBar);
    utilization.append(meter, utilizationText);
    const memory = el("td", "memory");
    const stateCell = el("td");
    stateCell.append(state);
    element.append(el("td", "", String(id)), stateCell, running, utilization, memory);
    // Keep rows in id order as workers appear.
    const after = [...this.rows.entries()]
      .filter(([other]) => other > id)
      .sort(([a], [b]) => a - b)[0];
    this.body.insertBefore(element, after ? after[1].element : null);
    const row = { element, state, running, utilizationBar, utilizationText, memory };
    this.rows.set(id, row);
    return row;
  }
}
