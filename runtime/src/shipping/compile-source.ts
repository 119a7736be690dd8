/** The expression a worker evaluates for a function shipped by source (see free-variables.ts). */
export function compilableExpressionForWorker(
  source: string,
  form: "expression" | "method",
): string {
  return form === "expression" ? `(${source}\n)` : `({${source}\n})`;
}
