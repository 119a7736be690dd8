/**
 * Events files (`weft run --events out.jsonl`): one event per line, written as the run goes, so
 * a killed run still leaves a readable file. `weft replay` and the dashboard read them back.
 */
import { createWriteStream, readFileSync, type WriteStream } from "node:fs";
import { ErrorCode, WeftError } from "../errors";
import { parseEventLine, type WeftEvent } from "../protocol/events";

export class EventsFileWriter {
  private readonly stream: WriteStream;

  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: "w" });
  }

  write(event: WeftEvent): void {
    this.stream.write(`${JSON.stringify(event)}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
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
