/**
 * What `weft run` shows about the program's tasks: it follows the event stream, keeps the live
 * progress at the bottom of a terminal, writes the events file, and prints the summary once at
 * the end (a block on a terminal, one line otherwise), always on stderr.
 */
import { EventsFileWriter } from "../report/eventsFile";
import { progressLines } from "../report/progressLines";
import { RunTracker } from "../report/runTracker";
import { summaryBlock, summaryLine } from "../report/summaryText";
import { TerminalProgress } from "../report/terminalProgress";
import type { WeftEvent } from "../protocol/events";

export interface RunReporterOptions {
  /** The program, as the run-start events name it. */
  readonly program: string;
  /** Live progress on stderr (only when stderr is a terminal). */
  readonly progress: boolean;
  /** Where to write the event stream, if anywhere. */
  readonly eventsPath?: string;
}

/** Group lines shown at most; the rest are counted in one line. */
const MAX_GROUP_LINES = 5;

export class RunReporter {
  readonly tracker = new RunTracker();
  private readonly terminal: TerminalProgress | undefined;
  private readonly eventsFile: EventsFileWriter | undefined;
  private finished = false;

  constructor(private readonly options: RunReporterOptions) {
    this.eventsFile =
      options.eventsPath === undefined ? undefined : new EventsFileWriter(options.eventsPath);
    // On a terminal, even with no live progress, TerminalProgress knows whether the program
    // left a line unfinished, so the summary starts on a line of its own.
    this.terminal = process.stderr.isTTY
      ? new TerminalProgress(process.stderr, () => (options.progress ? this.liveLines() : []))
      : undefined;
  }

  /** The listener for the runtime's event stream. */
  readonly apply = (event: WeftEvent): void => {
    const named =
      event.type === "run-start" && event.program === undefined
        ? { ...event, program: this.options.program }
        : event;
    this.tracker.apply(named);
    this.eventsFile?.write(named);
  };

  start(): void {
    this.terminal?.start();
  }

  /** Takes the progress lines off the screen and hands the streams back. Idempotent. */
  stopProgress(): void {
    this.terminal?.stop();
  }

  /**
   * Ends the report: progress off, the summary printed (when any task ran), the events file
   * closed. Synchronous, so it also works from an `exit` handler. Idempotent.
   */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.eventsFile?.closeSync();
    const view = this.tracker.view();
    if (this.terminal) {
      const summary = this.options.progress
        ? summaryBlock(view.summary)
        : [summaryLine(view.summary)];
      this.terminal.stop(view.runs === 0 ? [] : summary);
    } else if (view.runs > 0) {
      process.stderr.write(`${summaryLine(view.summary)}\n`);
    }
  }

  private liveLines(): readonly string[] {
    const view = this.tracker.view();
    if (view.runs === 0) return [];
    return progressLines(view, {
      columns: process.stderr.columns > 0 ? process.stderr.columns : 80,
      maxGroups: MAX_GROUP_LINES,
    });
  }
}
