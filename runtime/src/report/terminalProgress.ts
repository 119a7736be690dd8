/**
 * Keeps the progress lines at the bottom of a terminal while the program writes above them.
 *
 * The program's own output is never altered: every write to stdout or stderr that reaches the
 * terminal first erases the progress lines (on stderr), then goes through unchanged, then the
 * lines are drawn again. A line the program has not finished yet is left alone until it is.
 */
import type { WriteStream } from "node:tty";

const ERASE_DOWN = "\x1b[J";
const up = (n: number): string => `\x1b[${n}A`;

type Write = WriteStream["write"];

export class TerminalProgress {
  private drawn = 0;
  private lines: readonly string[] = [];
  private partialLine = false;
  private readonly originals = new Map<NodeJS.WriteStream, Write>();
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param terminal where the progress is drawn (stderr, a TTY).
   * @param render makes the current lines; called a few times a second.
   */
  constructor(
    private readonly terminal: NodeJS.WriteStream,
    private readonly render: () => readonly string[],
    private readonly refreshMs = 200,
  ) {}

  start(): void {
    for (const stream of [process.stdout, process.stderr]) {
      if (!stream.isTTY) continue;
      const original = stream.write.bind(stream) as Write;
      this.originals.set(stream, original);
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        this.erase();
        const result = (original as (c: string | Uint8Array, ...r: unknown[]) => boolean)(
          chunk,
          ...rest,
        );
        const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
        if (text.length > 0) this.partialLine = !text.endsWith("\n");
        this.draw();
        return result;
      }) as Write;
    }
    this.timer = setInterval(() => this.refresh(), this.refreshMs);
    this.timer.unref();
    this.refresh();
  }

  /** Draws the latest lines now. */
  refresh(): void {
    this.lines = this.render();
    this.erase();
    this.draw();
  }

  /** Removes the progress lines and gives the streams back; `final` lines stay on screen. */
  stop(final: readonly string[] = []): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.erase();
    for (const [stream, original] of this.originals) stream.write = original;
    this.originals.clear();
    // A program line left unfinished is not the summary's to continue.
    const start = this.partialLine ? "\n" : "";
    if (final.length > 0) this.rawWrite(`${start}${final.join("\n")}\n`);
  }

  private rawWrite(text: string): void {
    const original = this.originals.get(this.terminal) ?? this.terminal.write.bind(this.terminal);
    (original as (c: string) => boolean)(text);
  }

  private erase(): void {
    if (this.drawn === 0) return;
    this.rawWrite(`${up(this.drawn)}\r${ERASE_DOWN}`);
    this.drawn = 0;
  }

  private draw(): void {
    if (this.drawn > 0 || this.partialLine || this.lines.length === 0) return;
    const columns = this.terminal.columns > 0 ? this.terminal.columns : 80;
    const text = this.lines.map((line) =>
      line.length >= columns ? line.slice(0, columns - 1) : line,
    );
    this.rawWrite(`${text.join("\n")}\n`);
    this.drawn = text.length;
  }
}
