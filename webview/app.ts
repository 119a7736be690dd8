/**
 * The dashboard: folds the extension's messages into runs and draws the page in view, at most
 * once per animation frame. Messages only update the model (cheap, bounded by the batch caps);
 * all drawing happens in the frame, so a fast stream never piles up work.
 */
import type { SourceLocation } from "../runtime/src/protocol/events";
import { RunList } from "./model/runList";
import type { RunModel, RunSnapshot } from "./model/runModel";
import type { ToDashboard } from "./protocol";
import { isSavedState, SAVED_STATE_VERSION, type SavedState } from "./savedState";
import { vscodeApi } from "./vscodeApi";
import { el, setText } from "./views/dom";
import { ErrorsPage } from "./views/errorsPage";
import { GraphPage } from "./views/graphPage";
import { RunsPage } from "./views/runsPage";
import { StatusPage } from "./views/statusPage";
import { onThemeChange, readTheme, type ThemeColors } from "./views/theme";

const PAGES = ["Status", "Graph", "Errors", "Runs"] as const;
const SAVE_INTERVAL_MS = 1_500;

export class App {
  private runs = new RunList();
  private version = "";
  private page = 0;
  private theme: ThemeColors;
  private frameRequested = false;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly snapshots = new Map<
    string,
    { version: number; detail: "full" | "summary"; snapshot: RunSnapshot }
  >();

  private readonly header = el("header", "dashboard-header");
  private readonly runLabel = el("span", "current-run");
  private readonly statusBadge = el("vscode-badge", "run-status");
  private readonly versionBadge = el("vscode-badge", "version");
  private readonly tabs = el("vscode-tabs", "pages");
  private readonly errorsTab = el("vscode-tab-header");
  private readonly errorsCount = el("vscode-badge", "errors-count");
  private readonly empties: HTMLElement[] = [];
  readonly status = new StatusPage();
  readonly graph: GraphPage;
  private readonly errors: ErrorsPage;
  private readonly runsPage: RunsPage;

  constructor(private readonly root: HTMLElement) {
    const open = (location: SourceLocation): void =>
      vscodeApi().postMessage({ type: "open-source", location });
    this.graph = new GraphPage(open, () => this.changed());
    this.graph.setRequestDraw(() => this.requestFrame());
    this.errors = new ErrorsPage(open);
    this.runsPage = new RunsPage(
      (runId) => this.select(runId),
      () => vscodeApi().postMessage({ type: "open-events-file" }),
    );
    this.status.stream.setOnChange(() => this.changed());
    this.theme = readTheme();
    onThemeChange(() => {
      this.theme = readTheme();
      this.requestFrame();
    });
    this.restore();
    this.build();
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") this.save();
    });
    new ResizeObserver(() => this.requestFrame()).observe(this.root);
    this.requestFrame();
  }

  handle(message: ToDashboard): void {
    switch (message.type) {
      case "hello":
        this.version = message.version;
        break;
      case "events":
        this.runs.applyEvents(message.events);
        break;
      case "select-run":
        this.runs.select(message.runId);
        break;
      case "events-file": {
        const result = this.runs.openEventsFile(message.name, message.lines);
        this.runsPage.showProblems(message.name, result.problems);
        if (result.runIds.length > 0) this.showPage(0);
        break;
      }
    }
    this.changed();
  }

  /** Something changed: draw in the next frame and save soon. */
  private changed(): void {
    this.requestFrame();
    // Saving serializes the state, so it waits for an idle moment between frames.
    this.saveTimer ??= setTimeout(
      () => requestIdleCallback(() => this.save(), { timeout: 1_000 }),
      SAVE_INTERVAL_MS,
    );
  }

  private select(runId: string): void {
    this.runs.select(runId);
    this.showPage(0);
    this.changed();
  }

  private showPage(index: number): void {
    this.page = index;
    this.tabs.setAttribute("selected-index", String(index));
    (this.tabs as HTMLElement & { selectedIndex: number }).selectedIndex = index;
  }

  private build(): void {
    const title = el("h1", "", "Weft");
    this.statusBadge.hidden = true;
    this.header.append(title, this.runLabel, this.statusBadge, this.versionBadge);

    const pages = [this.status.element, this.graph.element, this.errors.element];
    PAGES.forEach((name, index) => {
      const tab = index === 2 ? this.errorsTab : el("vscode-tab-header");
      tab.slot = "header";
      tab.textContent = name;
      tab.dataset["page"] = name.toLowerCase();
      if (index === 2) {
        this.errorsCount.slot = "content-after";
        this.errorsCount.setAttribute("variant", "counter");
        tab.append(this.errorsCount);
      }
      const panel = el("vscode-tab-panel");
      panel.dataset["page"] = name.toLowerCase();
      const empty = el(
        "p",
        "empty",
        "No runs yet. Run a file with “Weft: Run Current File” or `weft run`, or open an events file from the Runs page.",
      );
      empty.dataset["page"] = name.toLowerCase();
      this.empties.push(empty);
      if (index === 3) panel.append(this.runsPage.element);
      else panel.append(empty, pages[index] as HTMLElement);
      this.tabs.append(tab, panel);
    });
    this.showPage(this.page);
    this.tabs.addEventListener("vsc-tabs-select", (event) => {
      const detail = (event as CustomEvent<{ selectedIndex: number }>).detail;
      this.page = detail.selectedIndex;
      this.changed();
    });
    this.root.replaceChildren(this.header, this.tabs);
  }

  private requestFrame(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.render();
    });
  }

  private render(): void {
    const run = this.runs.selected();
    this.renderHeader(run);
    for (const [index, empty] of this.empties.entries())
      empty.hidden = run !== undefined || index === 3;
    this.status.element.hidden = run === undefined;
    this.graph.element.hidden = run === undefined;
    this.errors.element.hidden = run === undefined;
    if (this.page === 3 || !run) {
      this.runsPage.render(this.runs);
      return;
    }
    if (this.page === 0) this.status.render(run, this.theme);
    if (this.page === 1) this.graph.render(run, this.theme);
    if (this.page === 2) this.errors.render(run);
  }

  private renderHeader(run: RunModel | undefined): void {
    setText(this.versionBadge, this.version === "" ? "…" : `v${this.version}`);
    setText(
      this.runLabel,
      run ? (run.source === "file" ? run.label : (run.program ?? run.runId)) : "",
    );
    this.runLabel.title = run ? run.runId : "";
    this.statusBadge.hidden = !run;
    if (run) {
      setText(this.statusBadge, run.status);
      this.statusBadge.className = `run-status status-${run.status}`;
    }
    const erred = run?.totals().erred ?? 0;
    this.errorsCount.hidden = erred === 0;
    setText(this.errorsCount, erred === 0 ? "" : String(erred));
  }

  private save(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    // The shown run is saved in full, the others as summaries; finished runs do not change,
    // so their snapshot is reused instead of rebuilt on every save.
    const selected = this.runs.selected();
    const kept = new Set(this.runs.all().map((run) => run.runId));
    for (const runId of this.snapshots.keys()) if (!kept.has(runId)) this.snapshots.delete(runId);
    const runs = this.runs.all().map((run) => {
      const detail = run === selected ? "full" : "summary";
      const cached = this.snapshots.get(run.runId);
      if (cached?.version === run.version && cached.detail === detail) return cached.snapshot;
      const snapshot = run.snapshot(detail);
      this.snapshots.set(run.runId, { version: run.version, detail, snapshot });
      return snapshot;
    });
    const list = this.runs.snapshot();
    const state: SavedState = {
      v: SAVED_STATE_VERSION,
      page: this.page,
      version: this.version,
      graph: this.graph.state,
      stream: this.status.stream.state,
      runs: { ...list, runs },
    };
    vscodeApi<SavedState>().setState(state);
  }

  private restore(): void {
    const saved: unknown = vscodeApi<unknown>().getState();
    if (!isSavedState(saved)) return;
    this.page = saved.page;
    this.version = saved.version;
    this.graph.state = saved.graph;
    this.status.stream.state = saved.stream;
    this.runs = RunList.fromSnapshot(saved.runs);
  }
}
