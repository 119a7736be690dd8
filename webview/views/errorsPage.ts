/** The Errors page: each erred task with its remote stack; file:line frames open the source. */
import type { SourceLocation, TaskFailure } from "../../runtime/src/protocol/events";
import { splitStack } from "../model/stackFrames";
import type { RunModel } from "../model/runModel";
import { el, formatCount, setText } from "./dom";

export class ErrorsPage {
  readonly element = el("section", "page errors-page");
  private readonly summary = el("p", "run-summary");
  private readonly list = el("div", "failures");
  private shown: { run: RunModel; count: number } | undefined;

  constructor(private readonly onOpen: (location: SourceLocation) => void) {
    this.element.append(this.summary, this.list);
  }

  render(run: RunModel): void {
    const erred = run.totals().erred;
    setText(
      this.summary,
      erred === 0
        ? "No task has failed in this run."
        : `${formatCount(erred)} erred (${formatCount(run.failures.length)} raised an error; the rest depend on one that did).`,
    );
    if (this.shown?.run === run && this.shown.count === run.failures.length) return;
    if (this.shown?.run !== run) this.list.replaceChildren();
    const from = this.shown?.run === run ? this.shown.count : 0;
    run.failures.slice(from).forEach((failure, offset) => {
      this.list.append(this.failureItem(failure, from + offset === 0));
    });
    this.shown = { run, count: run.failures.length };
  }

  private failureItem(failure: TaskFailure, open: boolean): HTMLElement {
    // A native <details>: vscode-collapsible upper-cases its heading, and keys are case-sensitive.
    const item = el("details", "failure");
    item.dataset["key"] = failure.key;
    item.open = open;
    const summary = el("summary", "failure-summary");
    summary.append(
      el("span", "failure-key", failure.key),
      el("span", "failure-brief", `${failure.name}: ${failure.message}`),
    );
    summary.title = `${failure.key} — ${failure.name}: ${failure.message}`;
    item.append(summary);
    const body = el("div", "failure-body");
    const message = el("p", "failure-message", `${failure.name}: ${failure.message}`);
    body.append(message);
    if (failure.location) {
      const where = el("p", "failure-location");
      where.append(document.createTextNode("raised at "), this.link(failure.location));
      body.append(where);
    }
    const stack = el("pre", "stack");
    for (const part of splitStack(failure.stack)) {
      stack.append(
        part.kind === "text"
          ? document.createTextNode(part.text)
          : this.link(part.location, part.text),
      );
    }
    body.append(stack);
    item.append(body);
    return item;
  }

  private link(location: SourceLocation, text?: string): HTMLAnchorElement {
    const link = el(
      "a",
      "source-link",
      text ?? `${location.file.split(/[\\/]/).at(-1) ?? location.file}:${location.line}`,
    );
    link.href = "#";
    link.title = `Open ${location.file}:${location.line}`;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      this.onOpen(location);
    });
    return link;
  }
}
