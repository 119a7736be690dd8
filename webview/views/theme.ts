/**
 * Colours from VS Code's theme variables, read once per theme change so canvases can use them.
 * State colours follow Dask's progress panel in spirit (done solid, processing lighter, waiting
 * faint) but come from the theme's chart palette, so light, dark and high-contrast all work.
 */
import type { TaskState } from "../../runtime/src/protocol/events";

export type ProgressState = "done" | "processing" | "queued" | "waiting" | "erred" | "cancelled";

export const PROGRESS_STATES: readonly ProgressState[] = [
  "done",
  "processing",
  "queued",
  "waiting",
  "erred",
  "cancelled",
];

export function progressStateOf(state: TaskState): ProgressState {
  switch (state) {
    case "memory":
    case "released":
      return "done";
    default:
      return state;
  }
}

/** The CSS custom property that holds each progress state's colour (see dashboard.css). */
export const STATE_VARIABLE: Record<ProgressState, string> = {
  done: "--weft-done",
  processing: "--weft-processing",
  queued: "--weft-queued",
  waiting: "--weft-waiting",
  erred: "--weft-erred",
  cancelled: "--weft-cancelled",
};

export interface ThemeColors {
  readonly kind: "light" | "dark" | "high-contrast";
  readonly foreground: string;
  readonly muted: string;
  readonly background: string;
  readonly border: string;
  readonly focus: string;
  readonly edge: string;
  readonly state: Record<ProgressState, string>;
  readonly fontFamily: string;
}

function variable(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value === "" ? fallback : value;
}

export function readTheme(): ThemeColors {
  const style = getComputedStyle(document.body);
  const classes = document.body.classList;
  const kind =
    classes.contains("vscode-high-contrast") || classes.contains("vscode-high-contrast-light")
      ? "high-contrast"
      : classes.contains("vscode-light")
        ? "light"
        : "dark";
  const state = {} as Record<ProgressState, string>;
  for (const name of PROGRESS_STATES) state[name] = variable(style, STATE_VARIABLE[name], "#888");
  return {
    kind,
    foreground: variable(style, "--vscode-foreground", "#ccc"),
    muted: variable(style, "--vscode-descriptionForeground", "#999"),
    background: variable(style, "--weft-surface", "#1e1e1e"),
    border: variable(style, "--weft-border", "#444"),
    focus: variable(style, "--vscode-focusBorder", "#007fd4"),
    edge: variable(style, "--weft-edge", "#666"),
    state,
    fontFamily: variable(style, "--vscode-font-family", "sans-serif"),
  };
}

/** Calls back when VS Code switches theme (it changes the body's class and style). */
export function onThemeChange(callback: () => void): void {
  new MutationObserver(callback).observe(document.body, {
    attributes: true,
    attributeFilter: ["class", "style"],
  });
}

/**
 * Hues for task groups in the task stream, in the order groups appear: well apart from each
 * other and from the pure red and green that mean "erred" and "done" elsewhere.
 */
const GROUP_HUES = [212, 32, 275, 178, 50, 320, 95, 245, 15, 150, 195, 345];

/**
 * A colour per task group; after the curated hues, the golden angle spreads the rest. Lightness
 * is chosen per theme so rectangles stand out from the background.
 */
export function groupColor(index: number, theme: ThemeColors): string {
  const hue = GROUP_HUES[index] ?? (index * 137.508 + 212) % 360;
  switch (theme.kind) {
    case "light":
      return `hsl(${hue.toFixed(0)} 60% 45%)`;
    case "high-contrast":
      return `hsl(${hue.toFixed(0)} 90% 65%)`;
    default:
      return `hsl(${hue.toFixed(0)} 55% 60%)`;
  }
}
