/**
 * The rewrites a loop's verdict offers, each built only when asked for (codeAction/resolve).
 */
import { Node, type SourceFile } from "ts-morph";
import type { LoopReport } from "../analyzeFile";
import type { TextEdit } from "../edits";
import type { PurityAnalysis } from "../purity";
import type { Collection, LoopVerdict, ReduceOperator } from "../verdict";
import {
  commentsInside,
  ensureAsync,
  ensureWeftImport,
  freshName,
  indentOf,
  local,
  looksLikeArray,
  RewriteFailure,
  textWithEdits,
} from "./context";
import { delayedBody, type DelayedBody } from "./delayedBody";
import { iterationTaskEdits } from "./iterationTask";

export type RewriteId =
  "delayed" | "client-map" | "reduce-tree" | "submit-as-completed" | "promise-all";

export interface RewriteOption {
  readonly id: RewriteId;
  readonly title: string;
  readonly isPreferred: boolean;
}

export interface BuiltRewrite extends RewriteOption {
  readonly edits: TextEdit[];
}

interface Built {
  readonly edits: TextEdit[];
  readonly madeAsync?: string;
}

type Builder = (report: LoopReport, file: SourceFile, purity: PurityAnalysis) => Built;

const TITLES: Record<RewriteId, string> = {
  delayed: "Run the iterations in parallel with delayed + compute",
  "client-map": "Run the iterations in parallel with client.map + gather",
  "reduce-tree": "Compute the parts in parallel and combine them as a tree",
  "submit-as-completed":
    "Submit the outer calls and start inner tasks as each completes (asCompleted)",
  "promise-all": "Await the iterations together with Promise.all",
};

function statementsOf(statement: Node): Node[] {
  return Node.isBlock(statement) ? statement.getStatements() : [statement];
}

/** The statement that holds the loop: the loop itself, or `items.forEach(…);`. */
function statementOf(loop: Node): Node {
  if (!Node.isCallExpression(loop)) return loop;
  const parent = loop.getParent();
  if (Node.isExpressionStatement(parent)) return parent;
  throw new RewriteFailure("the loop call is part of a larger expression");
}

function replaceStatement(
  file: SourceFile,
  statement: Node,
  before: string[],
  innerEdits: TextEdit[],
  after: string[],
): TextEdit {
  const indent = indentOf(statement);
  const body = textWithEdits(file, statement.getStart(), statement.getEnd(), innerEdits);
  const newText = [
    ...before.map((line) => `${line}\n${indent}`),
    body,
    ...after.map((line) => `\n${indent}${line}`),
  ].join("");
  return { start: statement.getStart(), end: statement.getEnd(), newText };
}

function isTypeScriptFile(file: SourceFile): boolean {
  return /\.[cm]?tsx?$/.test(file.getFilePath());
}

/**
 * A type as TypeScript writes it, when it is plain data that can be written where the rewrite
 * puts it: names, generics, arrays, unions and object literal types; no `import(…)` types.
 */
function plainTypeText(text: string): string | undefined {
  return /^[\w.<>[\], |{};:?]+$/.test(text) && !text.includes("import(") ? text : undefined;
}

/** The written element type of the array a loop collects into, when it is a plain one. */
function collectedElementType(collection: Collection | undefined): string | undefined {
  const array = collection?.array;
  const element = array?.getType().getArrayElementType();
  if (element !== undefined && !element.isAny() && !element.isUnknown()) {
    return plainTypeText(element.getText(array));
  }
  // `const rows = []` is typed by what is pushed: that value's type, when it is plain data.
  if (collection?.style !== "push") return undefined;
  const pushed = collection.value.getType();
  if (pushed.isAny() || pushed.isUnknown()) return undefined;
  return plainTypeText(pushed.getBaseTypeOfLiteralType().getText(collection.value));
}

const buildDelayed: Builder = (report, file, purity) => {
  const { verdict } = report;
  const loop = verdict.facts.loop;
  const collection = verdict.collection;
  // In TypeScript the tasks array is typed: `const x = []` is `never[]` in projects without
  // noImplicitAny (VS Code's default for loose files), where the rewrite would not compile.
  const elementType = isTypeScriptFile(file) ? collectedElementType(collection) : undefined;
  const keyed = isTypeScriptFile(file) ? keyedTypes(collection) : undefined;
  const needed =
    elementType === undefined && keyed === undefined
      ? ["delayed", "compute"]
      : ["delayed", "compute", "Delayed"];
  const { names, edit: importEdit } = ensureWeftImport(file, needed, purity);
  const asyncChange = ensureAsync(loop);
  const compute = local(names, "compute");
  let body: DelayedBody;
  try {
    body = delayedBody(verdict, purity, local(names, "delayed"));
  } catch (error) {
    // Guards, results used in expressions: the whole body becomes one task per iteration.
    if (!(error instanceof RewriteFailure) || Node.isCallExpression(loop)) throw error;
    const edits = iterationTaskEdits(
      report,
      file,
      purity,
      {
        delayed: local(names, "delayed"),
        compute,
        typescript: isTypeScriptFile(file),
        ...(elementType === undefined ? {} : { Delayed: local(names, "Delayed") }),
      },
      elementType,
    );
    return {
      edits: [...(importEdit ? [importEdit] : []), ...asyncChange.edits, ...edits],
      ...(asyncChange.madeAsync ? { madeAsync: asyncChange.madeAsync } : {}),
    };
  }
  let replacement: TextEdit;
  if (Node.isCallExpression(loop) && report.site.kind === "map") {
    // `items.map((x) => f(x))` → `await compute(...items.map((x) => delayed(f)(x)))`
    const callback = loop.getArguments()[0];
    const returned =
      callback && (Node.isArrowFunction(callback) || Node.isFunctionExpression(callback))
        ? callback.getBody()
        : undefined;
    if (!returned || Node.isBlock(returned) || !body.heavy.some((c) => c.node === returned)) {
      throw new RewriteFailure("the callback does not return a task's result directly");
    }
    const text = textWithEdits(file, loop.getStart(), loop.getEnd(), body.edits);
    const parent = loop.getParent();
    const bare =
      Node.isVariableDeclaration(parent) ||
      Node.isReturnStatement(parent) ||
      Node.isArrowFunction(parent);
    const expression = `await ${compute}(...${text})`;
    replacement = {
      start: loop.getStart(),
      end: loop.getEnd(),
      newText: bare ? expression : `(${expression})`,
    };
  } else if (Node.isCallExpression(loop)) {
    // `items.forEach((x) => { out.push(f(x)); })` → `out.push(...(await compute(...items.map(…))))`
    const statement = statementOf(loop);
    const callee = loop.getExpression();
    const callback = loop.getArguments()[0];
    if (
      !collection ||
      collection.style !== "push" ||
      !Node.isPropertyAccessExpression(callee) ||
      !callback
    ) {
      throw new RewriteFailure("forEach without a single push");
    }
    if (
      !(Node.isArrowFunction(callback) || Node.isFunctionExpression(callback)) ||
      callback.getParameters().length !== 1
    ) {
      throw new RewriteFailure("the callback takes more than the item");
    }
    const receiver = callee.getExpression();
    if (!looksLikeArray(receiver, purity))
      throw new RewriteFailure("forEach on something that may not be an array");
    const callbackBody = callback.getBody();
    const only = Node.isBlock(callbackBody) ? callbackBody.getStatements() : [callbackBody];
    if (only.length !== 1) throw new RewriteFailure("the callback does more than push");
    const value = textWithEdits(
      file,
      collection.value.getStart(),
      collection.value.getEnd(),
      body.edits,
    );
    const parameter = callback.getParameters()[0]?.getText() ?? "";
    const comments = commentsInside(callback);
    const indent = indentOf(statement);
    const newText = [
      ...comments.map((c) => `${c}\n${indent}`),
      `${collection.array.getText()}.push(...(await ${compute}(...${receiver.getText()}.map((${parameter}) => ${value}))));`,
    ].join("");
    replacement = { start: statement.getStart(), end: statement.getEnd(), newText };
  } else if (collection?.style === "key" || collection?.style === "set") {
    replacement = keyedReplacement(file, loop, collection, body, {
      compute,
      ...(keyed === undefined ? {} : { types: keyed, Delayed: local(names, "Delayed") }),
    });
  } else {
    if (!collection) throw new RewriteFailure("the loop collects nothing");
    const tasks = freshName(file, `${collection.array.getText()}Tasks`);
    const edits = [
      ...body.edits,
      { start: collection.array.getStart(), end: collection.array.getEnd(), newText: tasks },
    ];
    const array = collection.array.getText();
    const counter = verdict.facts.counter;
    let after: string;
    if (collection.style === "index") {
      if (!counter?.fromZero) throw new RewriteFailure("the index does not start at 0");
      after = `for (const [${counter.name}, value] of (await ${compute}(...${tasks})).entries()) ${array}[${counter.name}] = value;`;
    } else {
      after = `${array}.push(...(await ${compute}(...${tasks})));`;
    }
    const declaration =
      elementType === undefined
        ? `const ${tasks} = [];`
        : `const ${tasks}: ${local(names, "Delayed")}<${elementType}>[] = [];`;
    replacement = replaceStatement(file, loop, [declaration], edits, [after]);
  }
  return {
    edits: [...(importEdit ? [importEdit] : []), ...asyncChange.edits, replacement],
    ...(asyncChange.madeAsync ? { madeAsync: asyncChange.madeAsync } : {}),
  };
};

/** The key and value types of a keyed collection, when both can be written. */
function keyedTypes(
  collection: Collection | undefined,
): { readonly key: string; readonly value: string } | undefined {
  const { key, value } = collection ?? {};
  if (!key || !value || (collection?.style !== "key" && collection?.style !== "set"))
    return undefined;
  const keyType = plainTypeText(key.getType().getText(key));
  const valueType = plainTypeText(value.getType().getBaseTypeOfLiteralType().getText(value));
  return keyType && valueType ? { key: keyType, value: valueType } : undefined;
}

/**
 * `out[key] = f(x)` or `out.set(key, f(x))` in the loop → the tasks go into a Map under their
 * keys, computed together after the loop, then stored in order: a key met twice keeps its last
 * value in its first place, as the loop would have left it.
 */
function keyedReplacement(
  file: SourceFile,
  loop: Node,
  collection: Collection,
  body: DelayedBody,
  names: {
    readonly compute: string;
    readonly types?: { readonly key: string; readonly value: string };
    readonly Delayed?: string;
  },
): TextEdit {
  const { key, value, node } = collection;
  if (!key) throw new RewriteFailure("no key to store the results under");
  const array = collection.array.getText();
  const tasks = freshName(file, `${array}Tasks`);
  const edits: TextEdit[] = [...body.edits];
  if (collection.style === "set") {
    edits.push({
      start: collection.array.getStart(),
      end: collection.array.getEnd(),
      newText: tasks,
    });
  } else {
    edits.push(
      { start: node.getStart(), end: value.getStart(), newText: `${tasks}.set(${key.getText()}, ` },
      { start: value.getEnd(), end: value.getEnd(), newText: ")" },
    );
  }
  const { types, Delayed } = names;
  const declaration =
    types && Delayed
      ? `const ${tasks} = new Map<${types.key}, ${Delayed}<${types.value}>>();`
      : `const ${tasks} = new Map();`;
  const keyName = key.getText();
  // The names live only in the storing loop; they must not hide the target or the key.
  const valueName = array === "value" || keyName === "value" ? `${keyName}Value` : "value";
  const store =
    collection.style === "set"
      ? `${array}.set(${keyName}, ${valueName})`
      : `${array}[${keyName}] = ${valueName}`;
  const after = `for (const [${keyName}, ${valueName}] of (await ${names.compute}(${tasks}))[0]) ${store};`;
  return replaceStatement(file, loop, [declaration], edits, [after]);
}

const buildClientMap: Builder = (report, file, purity) => {
  const { verdict } = report;
  const loop = verdict.facts.loop;
  const collection = verdict.collection;
  if (!Node.isForOfStatement(loop) || !collection || collection.style !== "push") {
    throw new RewriteFailure("client.map needs a for…of that pushes");
  }
  const statements = statementsOf(loop.getStatement());
  const value = collection.value;
  const variable = [...verdict.facts.iterationNames][0];
  if (
    statements.length !== 1 ||
    verdict.facts.iterationNames.size !== 1 ||
    !Node.isCallExpression(value) ||
    value.getArguments().length !== 1 ||
    value.getArguments()[0]?.getText() !== variable ||
    !verdict.heavyCalls.some((c) => c.node === value && c.shippable && c.fn)
  ) {
    throw new RewriteFailure("client.map needs a body that pushes f(item)");
  }
  const { names, edit: importEdit } = ensureWeftImport(file, ["Client"], purity);
  const asyncChange = ensureAsync(loop);
  const client = freshName(file, "client");
  const items = loop.getExpression();
  const itemsText = looksLikeArray(items, purity)
    ? items.getText()
    : `Array.from(${items.getText()})`;
  const comments = commentsInside(loop);
  const indent = indentOf(loop);
  const newText = [
    ...comments.map((c) => `${c}\n${indent}`),
    `const ${client} = new ${local(names, "Client")}();\n${indent}`,
    `${collection.array.getText()}.push(...(await ${client}.gather(${client}.map(${value.getExpression().getText()}, ${itemsText}))));\n${indent}`,
    `await ${client}.close();`,
  ].join("");
  return {
    edits: [
      ...(importEdit ? [importEdit] : []),
      ...asyncChange.edits,
      { start: loop.getStart(), end: loop.getEnd(), newText },
    ],
    ...(asyncChange.madeAsync ? { madeAsync: asyncChange.madeAsync } : {}),
  };
};

const COMBINE: Record<ReduceOperator, (a: string, b: string) => string> = {
  "+": (a, b) => `${a} + ${b}`,
  "*": (a, b) => `${a} * ${b}`,
  max: (a, b) => `Math.max(${a}, ${b})`,
  min: (a, b) => `Math.min(${a}, ${b})`,
  concat: (a, b) => `${a}.concat(${b})`,
  union: (a, b) => `new Set([...${a}, ...${b}])`,
};

/** For a union: Set or Map, and the element type written in the accumulator's type. */
function unionShape(type: string | undefined): { map: boolean; element?: string } {
  const match = /^(Set|Map|ReadonlySet|ReadonlyMap)<(.+)>$/.exec(
    type?.replace(/\s+/g, " ").trim() ?? "",
  );
  const map = match?.[1]?.endsWith("Map") ?? false;
  return match?.[2] ? { map, element: map ? `[${match[2]}]` : match[2] } : { map };
}

/** The accumulator's type as written, or inferred from a literal initializer. */
function accumulatorType(verdict: LoopVerdict, purity: PurityAnalysis): string | undefined {
  if (!verdict.accumulation) return undefined;
  const acc = verdict.accumulation.accumulator;
  const binding = purity.resolver.resolve(acc);
  const declaration = binding.kind === "variable" ? binding.decl.getParent() : undefined;
  if (!declaration || !Node.isVariableDeclaration(declaration)) return undefined;
  const written = declaration.getTypeNode()?.getText();
  if (written) return written;
  const init = declaration.getInitializer();
  if (!init) return undefined;
  if (Node.isNumericLiteral(init) || /^-?(Infinity|\d)/.test(init.getText())) return "number";
  if (Node.isStringLiteral(init) || Node.isNoSubstitutionTemplateLiteral(init)) return "string";
  if (Node.isBigIntLiteral(init)) return "bigint";
  if (Node.isNewExpression(init) && (init.getTypeArguments().length ?? 0) > 0) {
    return `${init.getExpression().getText()}<${init
      .getTypeArguments()
      .map((t) => t.getText())
      .join(", ")}>`;
  }
  return undefined;
}

const buildReduceTree: Builder = (report, file, purity) => {
  const { verdict } = report;
  const loop = verdict.facts.loop;
  const accumulation = verdict.accumulation;
  if (!accumulation || Node.isCallExpression(loop)) throw new RewriteFailure("no accumulation");
  const { names, edit: importEdit } = ensureWeftImport(file, ["delayed", "compute"], purity);
  const body = delayedBody(verdict, purity, local(names, "delayed"));
  const isTs = /\.(m|c)?tsx?$/.test(file.getExtension());
  const type = isTs ? accumulatorType(verdict, purity) : undefined;
  if (isTs && type === undefined) throw new RewriteFailure("the accumulator's type is not written");
  const asyncChange = ensureAsync(loop);
  const acc = accumulation.accumulator.getText();
  const parts = freshName(file, `${acc}Parts`);
  const combine = freshName(file, `${acc}Combine`);
  const value = textWithEdits(
    file,
    accumulation.value.getStart(),
    accumulation.value.getEnd(),
    body.edits,
  );
  const edits = [
    ...body.edits.filter(
      (e) => e.start < accumulation.statement.getStart() || e.end > accumulation.statement.getEnd(),
    ),
    {
      start: accumulation.statement.getStart(),
      end: accumulation.statement.getEnd(),
      newText: `${parts}.push(${value})${Node.isStatement(accumulation.statement) ? ";" : ""}`,
    },
  ];
  const bang = isTs ? "!" : "";
  const op = accumulation.operator;
  let params = isTs ? `(a: ${type}, b: ${type})` : "(a, b)";
  let fold = COMBINE[op];
  let apply = op === "+" || op === "*" ? `${acc} ${op}= value` : `${acc} = ${fold(acc, "value")}`;
  if (op === "union") {
    // The parts are whatever each call returns; the tree merges them into Sets (or Maps).
    const shape = unionShape(type);
    if (isTs && shape.element === undefined)
      throw new RewriteFailure("the Set's element type is not written");
    const kind = shape.map ? "Map" : "Set";
    params = isTs
      ? `(a: Iterable<${shape.element ?? ""}>, b: Iterable<${shape.element ?? ""}>)`
      : "(a, b)";
    fold = (a, b) => `new ${kind}([...${a}, ...${b}])`;
    apply = shape.map
      ? `for (const [key, item] of value) ${acc}.set(key, item)`
      : `for (const item of value) ${acc}.add(item)`;
  }
  const replacement = replaceStatement(file, loop, [`const ${parts} = [];`], edits, [
    "// The parts are combined pairwise, as a tree of tasks.",
    `const ${combine} = ${local(names, "delayed")}(${params} => ${fold("a", "b")});`,
    `for (let width = 1; width < ${parts}.length; width *= 2) {`,
    `  for (let k = 0; k + width < ${parts}.length; k += 2 * width) {`,
    `    ${parts}[k] = ${combine}(${parts}[k]${bang}, ${parts}[k + width]${bang});`,
    "  }",
    "}",
    `for (const value of await ${local(names, "compute")}(...${parts}.slice(0, 1))) ${apply};`,
  ]);
  return {
    edits: [...(importEdit ? [importEdit] : []), ...asyncChange.edits, replacement],
    ...(asyncChange.madeAsync ? { madeAsync: asyncChange.madeAsync } : {}),
  };
};

function argumentsOf(call: Node): string {
  return Node.isCallExpression(call)
    ? call
        .getArguments()
        .map((a) => a.getText())
        .join(", ")
    : "";
}

const buildSubmitAsCompleted: Builder = (report, file, purity) => {
  const { verdict } = report;
  const loop = verdict.facts.loop;
  const shared = verdict.shared;
  const collection = verdict.collection;
  if (!Node.isForOfStatement(loop) || !shared || !collection || collection.style !== "push") {
    throw new RewriteFailure("needs a for…of whose inner loop pushes");
  }
  const outerBody = loop.getStatement();
  const statements = Node.isBlock(outerBody) ? outerBody.getStatements() : [];
  const [declaration, inner, extra] = statements;
  if (
    !declaration ||
    !inner ||
    extra ||
    !Node.isVariableStatement(declaration) ||
    inner !== shared.inner ||
    !Node.isForOfStatement(inner)
  ) {
    throw new RewriteFailure("the outer body must be the call and the inner loop");
  }
  if (
    declaration.getDeclarations().length !== 1 ||
    inner.getExpression().getText() !== shared.name.getText()
  ) {
    throw new RewriteFailure("the inner loop must run over the outer call's result");
  }
  const innerStatements = statementsOf(inner.getStatement());
  const value = collection.value;
  const innerCall = verdict.heavyCalls.find((c) => c.node === value);
  const outerCall = shared.call;
  if (
    innerStatements.length !== 1 ||
    !innerCall ||
    !Node.isCallExpression(value) ||
    !outerCall.shippable ||
    !innerCall.shippable
  ) {
    throw new RewriteFailure("the inner loop must push one call's result");
  }
  // The inner call's arguments may use only the inner item: it runs in a callback per result.
  const outerNames = verdict.facts.iterationNames;
  const usesOuter = value
    .getArguments()
    .some((a) =>
      [...outerNames, shared.name.getText()].some((n) =>
        new RegExp(`\\b${n}\\b`).test(a.getText()),
      ),
    );
  if (usesOuter) throw new RewriteFailure("the inner call uses the outer item");
  const { names, edit: importEdit } = ensureWeftImport(file, ["Client", "asCompleted"], purity);
  const asyncChange = ensureAsync(loop);
  const taken = new Set<string>();
  const client = freshName(file, "client", taken);
  const L = shared.name.getText();
  const futures = freshName(file, `${L}Futures`, taken);
  const future = freshName(file, `${L}Future`, taken);
  const byOuter = freshName(
    file,
    `${collection.array.getText()}By${L.charAt(0).toUpperCase()}${L.slice(1)}`,
    taken,
  );
  const outerParam = loop
    .getInitializer()
    .getText()
    .replace(/^(const|let|var)\s+/, "");
  const innerParam = inner
    .getInitializer()
    .getText()
    .replace(/^(const|let|var)\s+/, "");
  const items = loop.getExpression().getText();
  const indent = indentOf(loop);
  const lines = [
    ...commentsInside(loop),
    `const ${client} = new ${local(names, "Client")}();`,
    `const ${futures} = ${looksLikeArray(loop.getExpression(), purity) ? `${items}.map(` : `Array.from(${items}, `}(${outerParam}) => ${client}.submit(${(outerCall.node as Node & { getExpression(): Node }).getExpression().getText()}, ${argumentsOf(outerCall.node)}));`,
    `const ${byOuter} = new Map();`,
    `for await (const ${future} of ${local(names, "asCompleted")}(${futures})) {`,
    `  const ${L} = await ${future};`,
    `  ${byOuter}.set(`,
    `    ${future},`,
    `    Array.from(${L}, (${innerParam}) => ${client}.with({ priority: 1 }).submit(${value.getExpression().getText()}, ${argumentsOf(value)})),`,
    "  );",
    "}",
    `${collection.array.getText()}.push(...(await ${client}.gather(${futures}.flatMap((f) => ${byOuter}.get(f)))));`,
    `await ${client}.close();`,
  ];
  const replacement = {
    start: loop.getStart(),
    end: loop.getEnd(),
    newText: lines.join(`\n${indent}`),
  };
  return {
    edits: [...(importEdit ? [importEdit] : []), ...asyncChange.edits, replacement],
    ...(asyncChange.madeAsync ? { madeAsync: asyncChange.madeAsync } : {}),
  };
};

const buildPromiseAll: Builder = (report, file, purity) => {
  const { verdict } = report;
  const loop = verdict.facts.loop;
  if (!Node.isForOfStatement(loop) || loop.isAwaited())
    throw new RewriteFailure("Promise.all needs a for…of");
  if (verdict.facts.continues.length > 0) throw new RewriteFailure("the body uses continue");
  const body = loop.getStatement();
  const statements = Node.isBlock(body) ? body.getStatements() : [body];
  const collection = verdict.collection;
  const last = statements.at(-1);
  const parameter = loop
    .getInitializer()
    .getText()
    .replace(/^(const|let|var)\s+/, "");
  const items = loop.getExpression().getText();
  const source = looksLikeArray(loop.getExpression(), purity)
    ? `${items}.map(`
    : `Array.from(${items}, `;
  const edits: TextEdit[] = [];
  if (collection) {
    if (
      collection.style !== "push" ||
      !last ||
      !Node.isExpressionStatement(last) ||
      last.getExpression() !== collection.node
    ) {
      throw new RewriteFailure("the result is not pushed by the last statement");
    }
    edits.push({
      start: last.getStart(),
      end: last.getEnd(),
      newText: `return ${collection.value.getText()};`,
    });
  }
  const bodyText = Node.isBlock(body)
    ? textWithEdits(file, body.getStart(), body.getEnd(), edits)
    : `{ ${textWithEdits(file, body.getStart(), body.getEnd(), edits)} }`;
  const all = `await Promise.all(${source}async (${parameter}) => ${bodyText}))`;
  const newText = collection ? `${collection.array.getText()}.push(...(${all}));` : `${all};`;
  return { edits: [{ start: loop.getStart(), end: loop.getEnd(), newText }] };
};

const BUILDERS: Record<RewriteId, Builder> = {
  delayed: buildDelayed,
  "client-map": buildClientMap,
  "reduce-tree": buildReduceTree,
  "submit-as-completed": buildSubmitAsCompleted,
  "promise-all": buildPromiseAll,
};

const OFFERED: Partial<Record<LoopVerdict["kind"], RewriteId[]>> = {
  map: ["delayed", "client-map"],
  nested: ["delayed"],
  reduce: ["reduce-tree"],
  evolving: ["submit-as-completed", "delayed"],
  concurrency: ["promise-all"],
};

function titled(id: RewriteId, built: Built, isPreferred: boolean): BuiltRewrite {
  const title = built.madeAsync ? `${TITLES[id]} (makes ${built.madeAsync} async)` : TITLES[id];
  return { id, title, isPreferred, edits: built.edits };
}

/** Builds one rewrite, or says why it cannot be done. */
export function buildRewrite(
  report: LoopReport,
  id: RewriteId,
  file: SourceFile,
  purity: PurityAnalysis,
): BuiltRewrite | RewriteFailure {
  try {
    const ids = OFFERED[report.verdict.kind] ?? [];
    return titled(id, BUILDERS[id](report, file, purity), ids[0] === id);
  } catch (error) {
    if (error instanceof RewriteFailure) return error;
    throw error;
  }
}

/** The rewrites that apply to a loop, best first; each is built once here to know it applies. */
export function rewritesFor(
  report: LoopReport,
  file: SourceFile,
  purity: PurityAnalysis,
): RewriteOption[] {
  if (report.partOf) return [];
  const options: RewriteOption[] = [];
  for (const id of OFFERED[report.verdict.kind] ?? []) {
    const built = buildRewrite(report, id, file, purity);
    if (built instanceof RewriteFailure) continue;
    options.push({ id, title: built.title, isPreferred: options.length === 0 });
  }
  return options;
}
