/**
 * The worker-thread entry that piscina loads. A task names its function by module reference
 * (`{ url, exportName }`); the module is imported once per worker and cached by Node.
 */
export interface ModuleTask {
  readonly url: string;
  readonly exportName: string;
  readonly args: readonly unknown[];
}

export default async function runModuleTask(task: ModuleTask): Promise<unknown> {
  const mod = (await import(task.url)) as Record<string, unknown>;
  const fn = mod[task.exportName];
  if (typeof fn !== "function") {
    throw new TypeError(`${task.url} has no exported function named ${task.exportName}`);
  }
  return (fn as (...args: readonly unknown[]) => unknown)(...task.args);
}
