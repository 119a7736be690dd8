/**
 * Events files (`weft run --events out.jsonl`): one event per line, written as the run goes, so
 * a killed run still leaves a readable file. `weft replay` and the dashboard read them back.
 */
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { ErrorCode, WeftError } from "../errors";
import { parseEventLine, type WeftEvent } from "../protocol/events";

/**
 * Writes synchronously, one line per event: batches come about ten times a second, and a program
 * that calls `process.exit` (or is interrupted) still leaves every event it produced on disk.
 */
export class EventsFileWriter {
  private fd: number | undefined;

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, "w");
    } catch (error) {
      throw new WeftError(
        ErrorCode.BadArgument,
        `cannot write events file ${path}: ${(error as Error).message}; pass a path in a folder you can write to`,
      );
    }
  }

  write(event: WeftEvent): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, `${JSON.stringify(event)}\n`);
  }

  closeSync(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  close(): Promise<void> {
    this.closeSync();
    return Promise.resolve();
  }
}

/** Reads an events file; a bad line is reported with its number and what is wrong with it. */
export function readEventsFile(path: string): WeftEvent[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new WeftError(
      ErrorCode.BadArgument,
      `cannot read events file ${path}: ${(error as Error).message}`,
    );
  }
  const events: WeftEvent[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim();
    if (!line) continue;
    try {
      events.push(parseEventLine(line));
    } catch (error) {
      // A run killed mid-write leaves a torn last line; everything before it is still good.
      if (i >= lines.length - 2 && events.length > 0) break;
      throw new WeftError(
        ErrorCode.BadArgument,
        `${path}:${i + 1} is not a Weft event (${(error as Error).message}); ` +
          "pass a file written by `weft run --events`",
      );
    }
  }
  return events;
}
