/**
 * What the loader does to a user module: TypeScript to JavaScript with sucrase (which keeps every
 * line where it was), an inline source map for columns, and the registration of its top-level
 * functions; for the entry's task view, the statements workers must not run are blanked out.
 */
import { transform } from "sucrase";
import { prependOnFirstLine, registrationStatement } from "./registration";
import { taskViewSource } from "./task-view";
import { topLevelStatements } from "./top-level";

export function isTypeScriptPath(path: string): boolean {
  return /\.(ts|mts|cts|tsx)$/.test(path);
}

export function stripTypes(source: string, filePath: string): string {
  const jsx = filePath.endsWith(".tsx");
  const result = transform(source, {
    transforms: jsx ? ["typescript", "jsx"] : ["typescript"],
    filePath,
    disableESTransforms: true,
    keepUnusedImports: false,
    sourceMapOptions: { compiledFilename: filePath },
  });
  const map =
    result.sourceMap === undefined
      ? ""
      : Buffer.from(
          JSON.stringify({ ...result.sourceMap, sources: [filePath], sourcesContent: [source] }),
        ).toString("base64");
  return map === ""
    ? result.code
    : `${result.code}\n//# sourceMappingURL=data:application/json;base64,${map}\n`;
}

/** Module JavaScript with its registration, as the task view when `taskView` is set. */
export function prepareModule(javascript: string, taskView: boolean): string {
  let statements;
  try {
    statements = topLevelStatements(javascript);
  } catch {
    // Syntax the parser does not know: run the module as it is; its functions ship by source.
    return javascript;
  }
  const functions = statements.flatMap((statement) => statement.functions);
  const body = taskView ? taskViewSource(javascript, statements) : javascript;
  return functions.length === 0 ? body : prependOnFirstLine(body, registrationStatement(functions));
}
