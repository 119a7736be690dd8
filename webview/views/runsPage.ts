/**
 * The Runs page: the current and recent runs, newest first; picking one shows it on every page.
 * "Open events file…" asks the extension for a file written by `weft run --events`.
 */
import type { RunList } from "../model/runList";
import type { RunModel } from "../model/runModel";
import { el, formatCount, formatMs } from "./dom";

export class RunsPage {
  readonly element = el("section", "page runs-page");
  private readonly list = el("div", "run-list");
  private readonly problems = el("pre", "problems");
  private signature = "";

  constructor(
    private readonly onSelect: (runId: string) => void,
    onOpenFile: () => void,
  ) {
    const toolbar = el("div", "section-header");
    const open = el("vscode-button", "open-events", "Open events file…");
    open.setAttribute("secondary", "");
    open.title = "Open a file written by `weft run --events` as a run";
    open.addEventListener("click", onOpenFile);
    toolbar.append(el("h2", "", "Runs"), open);
    this.problems.hidden = true;
    this.element.append(toolbar, this.problems, this.list);
  }

  showProblems(name: string, problems: readonly string[]): void {
    this.problems.hidden = problems.length === 0;
    this.problems.textContent =
      problems.length === 0 ? "" : `${name}: some lines were skipped\n${problems.join("\n")}`;
  }

  render(runs: RunList): void {
    const selected = runs.selected();
    const all = runs.all().reverse();
    const signature = all
      .map((run) => `${run.runId}:${run.status}:${run.version}:${run === selected}`)
      .join("|");
    if (signature === this.signature) return;
    this.signature = signature;
    if (all.length === 0) {
      this.list.replaceChildren(el("p", "empty", "No runs yet."));
      return;
    }
    this.list.replaceChildren(...all.map((run) => this.row(run, run === selected)));
  }

  private row(run: RunModel, selected: boolean): HTMLElement {
    const row = el("button", `run-row${selected ? " selected" : ""}`);
    row.type = "button";
    row.dataset["runId"] = run.runId;
    row.setAttribute("aria-pressed", String(selected));
    const title = el(
      "span",
      "run-title",
      run.source === "file" ? run.label : (run.program ?? run.label),
    );
    const badge = el("vscode-badge", `run-status status-${run.status}`, run.status);
    const started = run.startedAt === undefined ? "" : new Date(run.startedAt).toLocaleTimeString();
    const detail = el(
      "span",
      "run-detail",
      [
        run.source === "file" ? "from file" : "live",
        started,
        `${formatCount(run.taskCount())} tasks`,
        formatMs(run.summary?.wallMs ?? run.time),
      ]
        .filter((part) => part !== "")
        .join(" · "),
    );
    const head = el("span", "run-head");
    head.append(title, badge);
    row.append(head, detail);
    row.addEventListener("click", () => this.onSelect(run.runId));
    return row;
  }
}
