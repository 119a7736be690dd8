/** The Status page: run summary, progress per task group, task stream, workers. */
import type { RunModel } from "../model/runModel";
import { el, formatCount, formatMs, setText } from "./dom";
import { ProgressBars } from "./progressBars";
import { TaskStream } from "./taskStream";
import type { ThemeColors } from "./theme";
import { WorkersTable } from "./workersTable";

export class StatusPage {
  readonly element = el("section", "page status-page");
  readonly stream = new TaskStream();
  private readonly summary = el("p", "run-summary");
  private readonly note = el("p", "note");
  private readonly progress = new ProgressBars();
  private readonly workers = new WorkersTable();
  private shownRun: RunModel | undefined;

  constructor() {
    const progressHeader = el("div", "section-header");
    progressHeader.append(el("h2", "", "Progress"));
    const workersHeader = el("div", "section-header");
    workersHeader.append(el("h2", "", "Workers"));
    this.element.append(
      this.summary,
      progressHeader,
      this.progress.element,
      this.note,
      this.stream.element,
      workersHeader,
      this.workers.element,
    );
  }

  render(run: RunModel, theme: ThemeColors): void {
    if (this.shownRun !== run) {
      this.shownRun = run;
      this.progress.clear();
      this.workers.clear();
    }
    const totals = run.totals();
    const done = totals.memory + totals.released;
    const parts = [
      `${formatCount(done)} of ${formatCount(run.taskCount())} tasks done`,
      totals.erred > 0 ? `${formatCount(totals.erred)} erred` : "",
      formatMs(run.summary?.wallMs ?? run.time),
      `${run.workers.size || run.workerCount} threads`,
    ].filter((part) => part !== "");
    setText(this.summary, parts.join(" · "));
    setText(
      this.note,
      run.dropped > 0 || run.tasksTruncated
        ? "Counts are exact; the task stream shows a sample of the tasks (the rest were batched away)."
        : "",
    );
    this.note.hidden = this.note.textContent === "";
    this.progress.render(run.groups.values());
    this.workers.render(run.workers.values());
    this.stream.render(run, theme, Math.max(200, this.element.clientWidth));
  }
}
