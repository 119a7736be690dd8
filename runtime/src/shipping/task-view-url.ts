/** The query that asks the loader for an entry file's task view instead of the file itself. */
export const TASK_VIEW_PARAM = "weft-task-view";

export function taskViewUrl(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set(TASK_VIEW_PARAM, "1");
  return parsed.href;
}

export function isTaskViewUrl(url: string): boolean {
  return url.startsWith("file:") && new URL(url).searchParams.has(TASK_VIEW_PARAM);
}
