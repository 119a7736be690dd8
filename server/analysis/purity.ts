/**
 * Whether a call is safe to run on another thread, in another order, and whether it is worth a
 * task. Functions of the same project are looked into (following imports); anything else counts
 * as side-effect free only when `knownApis` says so. When in doubt the answer is "unknown", which
 * blocks a suggestion: a wrong rewrite breaks a program, a missed one only costs speed.
 */
import { Node, SyntaxKind, ts, type Identifier, type Project, type SourceFile } from "ts-morph";
import {
  KNOWN_GLOBAL_FUNCTIONS,
  KNOWN_NAMESPACES,
  MUTATING_METHODS,
  NON_MUTATING_METHODS,
  ORDERED_METHODS,
  PURE_CONSTRUCTORS,
  knownModuleMember,
  type Effect,
} from "./knownApis";
import { ModuleResolver } from "./moduleResolution";
import { isFunctionLike, ScopeResolver, topLevelBinding, type Binding } from "./scope";
import { forEachWanted, isRawLoopStatement, isRawWrite } from "./walk";
import { WEFT_MODULE } from "./weftNames";
import { changedModuleVariables } from "./moduleState";

const EFFECT_RANK: Record<Effect, number> = {
  pure: 0,
  read: 1,
  "mutates-argument": 2,
  unknown: 3,
  writes: 4,
  ordered: 5,
};

export function worse(a: Effect, b: Effect): Effect {
  return EFFECT_RANK[a] >= EFFECT_RANK[b] ? a : b;
}

/** Where an effect happens and why it counts, for messages and related locations. */
export interface EffectSite {
  readonly effect: Effect;
  readonly node: Node;
  readonly why: string;
}

export interface FunctionSummary {
  readonly effect: Effect;
  readonly site?: EffectSite;
  readonly work: boolean;
  /** Locals of enclosing functions that the function uses: it cannot ship by source. */
  readonly captured: readonly string[];
  /**
   * A module variable its file changes, read by the function or a function it calls: in a
   * worker it would read its own copy, with the first value, so it cannot ship.
   */
  readonly readsModuleState?: { readonly name: string; readonly node: Node };
  readonly isAsync: boolean;
  readonly isGenerator: boolean;
}

export interface CallInfo {
  readonly node: Node;
  /** How the call reads in the source: `score`, `console.log`. */
  readonly label: string;
  readonly effect: Effect;
  readonly site?: EffectSite;
  readonly work: boolean;
  /** The same-project function called, when there is one. */
  readonly fn?: Node;
  /** Whether the callee can travel to a worker by reference (module scope or exported). */
  readonly shippable: boolean;
  readonly cannotShipWhy?: string;
  /** What the user can do about it, when not the usual (pass it in, or move it to module scope). */
  readonly cannotShipFix?: string;
  /** For a method call: the method name and the identifier at the root of its receiver. */
  readonly method?: string;
  readonly receiverRoot?: Identifier | "this";
  readonly isAsync: boolean;
}

/** The identifier (or `this`) a property/element access chain starts from. */
export function rootOf(expression: Node): Identifier | "this" | undefined {
  let node = expression;
  for (;;) {
    if (Node.isPropertyAccessExpression(node) || Node.isElementAccessExpression(node)) {
      node = node.getExpression();
    } else if (Node.isParenthesizedExpression(node) || Node.isNonNullExpression(node)) {
      node = node.getExpression();
    } else if (Node.isAsExpression(node)) {
      node = node.getExpression();
    } else break;
  }
  if (Node.isIdentifier(node)) return node;
  if (node.getKind() === SyntaxKind.ThisKeyword) return "this";
  return undefined;
}

/** Whether an identifier is a use of a variable (not a property name or a declaration). */
export function isReference(id: Identifier): boolean {
  const parent = id.getParent();
  if (!parent) return false;
  if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id) return false;
  if (
    (Node.isPropertyAssignment(parent) ||
      Node.isPropertyDeclaration(parent) ||
      Node.isMethodDeclaration(parent) ||
      Node.isPropertySignature(parent) ||
      Node.isMethodSignature(parent) ||
      Node.isGetAccessorDeclaration(parent) ||
      Node.isSetAccessorDeclaration(parent)) &&
    parent.getNameNode() === id
  )
    return false;
  if (
    (Node.isVariableDeclaration(parent) ||
      Node.isParameterDeclaration(parent) ||
      Node.isFunctionDeclaration(parent) ||
      Node.isFunctionExpression(parent) ||
      Node.isClassDeclaration(parent) ||
      Node.isBindingElement(parent)) &&
    parent.getNameNode() === id
  )
    return false;
  if (Node.isBindingElement(parent) && parent.getPropertyNameNode() === id) return false;
  if (
    Node.isImportSpecifier(parent) ||
    Node.isExportSpecifier(parent) ||
    Node.isImportClause(parent) ||
    Node.isNamespaceImport(parent) ||
    Node.isLabeledStatement(parent) ||
    Node.isBreakStatement(parent) ||
    Node.isContinueStatement(parent) ||
    Node.isTypeReference(parent) ||
    Node.isQualifiedName(parent)
  )
    return false;
  return true;
}

function isInside(node: Node, container: Node): boolean {
  return (
    node.getSourceFile() === container.getSourceFile() &&
    node.getStart() >= container.getPos() &&
    node.getEnd() <= container.getEnd()
  );
}

function hasModifier(fn: Node, kind: SyntaxKind): boolean {
  return (fn as Node & { hasModifier?(k: SyntaxKind): boolean }).hasModifier?.(kind) ?? false;
}

export function isAsyncFunction(fn: Node): boolean {
  return hasModifier(fn, SyntaxKind.AsyncKeyword);
}

export function isGeneratorFunction(fn: Node): boolean {
  return (
    (Node.isFunctionDeclaration(fn) ||
      Node.isFunctionExpression(fn) ||
      Node.isMethodDeclaration(fn)) &&
    fn.isGenerator()
  );
}

/** Where a project's imports lead: which file a specifier names, and that file, loaded. */
export interface ProjectFiles {
  resolve(specifier: string, fromPath: string): string | undefined;
  load(path: string): SourceFile | undefined;
}
const projectFiles = new WeakMap<Project, ProjectFiles>();

/** Lets the owner of a project decide where imported files come from (open documents first). */
export function setProjectFiles(project: Project, files: ProjectFiles): void {
  projectFiles.set(project, files);
}

/** For a project nobody set up: its own files, then the disk. */
function filesOf(project: Project): ProjectFiles {
  let files = projectFiles.get(project);
  if (files) return files;
  const fileSystem = project.getFileSystem();
  const resolver = new ModuleResolver({
    fileExists: (path) =>
      project.getSourceFile(path) !== undefined || fileSystem.fileExistsSync(path),
    readFile: (path) => {
      const present = project.getSourceFile(path);
      if (present) return present.getFullText();
      return fileSystem.fileExistsSync(path) ? fileSystem.readFileSync(path) : undefined;
    },
  });
  files = {
    resolve: (specifier, fromPath) => resolver.resolve(specifier, fromPath),
    load: (path) => project.getSourceFile(path) ?? project.addSourceFileAtPathIfExists(path),
  };
  projectFiles.set(project, files);
  return files;
}

/**
 * Looks into the functions of a project. One instance per analysis run: its caches assume the
 * sources do not change while it lives.
 */
export class PurityAnalysis {
  readonly resolver = new ScopeResolver();
  private readonly summaries = new Map<Node, FunctionSummary>();
  private readonly inProgress = new Set<Node>();
  /** Functions a recursive call came back to while they were being summarised. */
  private readonly cycleHeads = new Set<Node>();
  private readonly provisional = new Map<Node, FunctionSummary>();

  constructor(private readonly project: Project) {}

  /** The same-project function an identifier names, following imports (and re-exports). */
  resolveFunction(id: Identifier): { fn: Node; topLevel: boolean; exported: boolean } | undefined {
    return this.functionOfBinding(this.resolver.resolve(id), id.getSourceFile(), 0);
  }

  private functionOfBinding(
    binding: Binding,
    file: SourceFile,
    depth: number,
  ): { fn: Node; topLevel: boolean; exported: boolean } | undefined {
    if (binding.kind === "function") {
      return { fn: binding.fn, topLevel: binding.topLevel, exported: false };
    }
    if (binding.kind === "import" && depth < 6) {
      const target = this.importedFile(file, binding.module);
      if (!target || binding.imported === "*") return undefined;
      const found = this.exportedFunction(target, binding.imported, depth + 1);
      return found ? { ...found, exported: true } : undefined;
    }
    return undefined;
  }

  private exportedFunction(
    file: SourceFile,
    name: string,
    depth: number,
  ): { fn: Node; topLevel: boolean; exported: boolean } | undefined {
    if (name === "default") {
      const assignment = file.getExportAssignment((e) => !e.isExportEquals());
      const expression = assignment?.getExpression();
      if (expression && (Node.isArrowFunction(expression) || Node.isFunctionExpression(expression)))
        return { fn: expression, topLevel: true, exported: true };
      const fn = file.getFunctions().find((f) => f.isDefaultExport());
      if (fn) return { fn, topLevel: true, exported: true };
      if (expression && Node.isIdentifier(expression)) name = expression.getText();
      else return undefined;
    }
    for (const declaration of file.getExportDeclarations()) {
      for (const specifier of declaration.getNamedExports()) {
        const exportedAs = specifier.getAliasNode()?.getText() ?? specifier.getName();
        if (exportedAs !== name) continue;
        const from = declaration.getModuleSpecifierValue();
        if (from === undefined) {
          return this.localFunction(file, specifier.getName(), depth);
        }
        const target = this.importedFile(file, from);
        return target ? this.exportedFunction(target, specifier.getName(), depth + 1) : undefined;
      }
    }
    return this.localFunction(file, name, depth);
  }

  private localFunction(
    file: SourceFile,
    name: string,
    depth: number,
  ): { fn: Node; topLevel: boolean; exported: boolean } | undefined {
    const binding = topLevelBinding(this.resolver, file, name);
    return binding ? this.functionOfBinding(binding, file, depth) : undefined;
  }

  /**
   * The project file an import names, resolved as TypeScript does (extensions, index files,
   * tsconfig paths); package imports are never looked into.
   */
  importedFile(from: SourceFile, module: string): SourceFile | undefined {
    if (module === WEFT_MODULE) return undefined;
    const files = filesOf(this.project);
    try {
      const path = files.resolve(module, from.getFilePath());
      return path === undefined ? undefined : files.load(path);
    } catch {
      return undefined;
    }
  }

  /** What a function does when called: its worst effect, whether it works, what it captures. */
  summarize(fn: Node): FunctionSummary {
    const cached = this.summaries.get(fn) ?? this.provisional.get(fn);
    if (cached) return cached;
    if (this.inProgress.has(fn)) {
      // Recursion: the call itself adds nothing the rest of the body does not already say. Every
      // function summarised meanwhile saw only part of this one, so its summary is provisional.
      this.cycleHeads.add(fn);
      return {
        effect: "pure",
        work: true,
        captured: [],
        isAsync: isAsyncFunction(fn),
        isGenerator: isGeneratorFunction(fn),
      };
    }
    this.inProgress.add(fn);
    try {
      const summary = this.computeSummary(fn);
      this.cycleHeads.delete(fn);
      // A summary that leaned on a function still being summarised is complete only for the
      // outermost call; kept until then, so that no verdict depends on which loop came first.
      if (this.cycleHeads.size > 0) {
        this.provisional.set(fn, summary);
      } else {
        this.summaries.set(fn, summary);
      }
      return summary;
    } finally {
      this.inProgress.delete(fn);
      if (this.inProgress.size === 0) {
        this.provisional.clear();
        this.cycleHeads.clear();
      }
    }
  }

  private computeSummary(fn: Node): FunctionSummary {
    let effect: Effect = "pure";
    let site: EffectSite | undefined;
    let work = false;
    const captured = new Set<string>();
    let readsModuleState: FunctionSummary["readsModuleState"];
    const changedNames = changedModuleVariables(fn.getSourceFile().compilerNode);
    const note = (next: EffectSite): void => {
      if (site === undefined || worse(next.effect, effect) !== effect) {
        effect = worse(next.effect, effect);
        site = next;
      }
    };
    const enclosingFunction = fn.getParentWhile((n) => !isFunctionLike(n))?.getParent();
    const insideAnotherFunction =
      enclosingFunction !== undefined && isFunctionLike(enclosingFunction);

    const wanted = (raw: ts.Node): boolean =>
      isRawLoopStatement(raw) ||
      ts.isAwaitExpression(raw) ||
      ts.isCallExpression(raw) ||
      ts.isNewExpression(raw) ||
      isRawWrite(raw) ||
      (ts.isIdentifier(raw) && (insideAnotherFunction || changedNames.has(raw.text)));
    forEachWanted(fn, wanted, (node) => {
      if (
        Node.isForStatement(node) ||
        Node.isForOfStatement(node) ||
        Node.isForInStatement(node) ||
        Node.isWhileStatement(node) ||
        Node.isDoStatement(node) ||
        Node.isAwaitExpression(node)
      ) {
        work = true;
      }
      if (Node.isCallExpression(node) || Node.isNewExpression(node)) {
        const call = this.classifyCall(node);
        if (call.work || iteratesWithCallback(node)) work = true;
        if (call.fn !== undefined && readsModuleState === undefined) {
          readsModuleState = this.summarize(call.fn).readsModuleState;
        }
        let callEffect = call.effect;
        if (call.effect === "mutates-argument" && call.receiverRoot !== undefined) {
          callEffect = this.writeEffect(call.receiverRoot, fn);
        }
        if (callEffect !== "pure") {
          note({
            effect: callEffect,
            node: call.site?.node ?? node,
            why: call.site?.why ?? `calls ${call.label}`,
          });
        }
        return;
      }
      const written = writtenTarget(node);
      if (written) {
        const root = rootOf(written);
        if (root === undefined) return;
        const isDirect = root !== "this" && written === root;
        const writeEffect = isDirect ? this.reassignEffect(root, fn) : this.writeEffect(root, fn);
        if (writeEffect !== "pure") {
          note({ effect: writeEffect, node, why: `writes ${written.getText()}` });
        }
        return;
      }
      if (
        readsModuleState === undefined &&
        Node.isIdentifier(node) &&
        changedNames.has(node.getText()) &&
        isReference(node)
      ) {
        const binding = this.resolver.resolve(node);
        if (binding.kind === "variable" && binding.topLevel) {
          readsModuleState = { name: binding.name, node };
        }
      }
      if (insideAnotherFunction && Node.isIdentifier(node) && isReference(node)) {
        const binding = this.resolver.resolve(node);
        if (
          binding.kind !== "global" &&
          binding.kind !== "import" &&
          !("topLevel" in binding && binding.topLevel) &&
          !isInside(binding.decl, fn)
        ) {
          captured.add(binding.name);
        }
      }
    });
    return {
      effect,
      ...(site ? { site } : {}),
      work,
      captured: [...captured],
      ...(readsModuleState ? { readsModuleState } : {}),
      isAsync: isAsyncFunction(fn),
      isGenerator: isGeneratorFunction(fn),
    };
  }

  /** Changing a property of `root` from inside `owner`: harmless on its own locals. */
  private writeEffect(root: Identifier | "this", owner: Node): Effect {
    if (root === "this") return "writes";
    const binding = this.resolver.resolve(root);
    if (binding.kind === "global") return "writes";
    if (binding.kind === "parameter" && isInside(binding.decl, owner)) return "mutates-argument";
    return isInside(binding.decl, owner) ? "pure" : "writes";
  }

  /** Assigning to the variable `root` itself from inside `owner`. */
  private reassignEffect(root: Identifier, owner: Node): Effect {
    const binding = this.resolver.resolve(root);
    if (binding.kind === "global") return "writes";
    return isInside(binding.decl, owner) ? "pure" : "writes";
  }

  private readonly calls = new Map<Node, CallInfo>();

  /** What a call does; cached, since nested loops see the same calls again. */
  classifyCall(call: Node): CallInfo {
    let info = this.calls.get(call);
    if (!info) {
      info = this.classifyCallUncached(call);
      // Inside a recursive cycle the callee's summary may be partial: ask again later.
      if (this.cycleHeads.size === 0) this.calls.set(call, info);
    }
    return info;
  }

  private classifyCallUncached(call: Node): CallInfo {
    if (Node.isNewExpression(call)) {
      const callee = call.getExpression();
      const name = callee.getText();
      const binding = Node.isIdentifier(callee) ? this.resolver.resolve(callee) : undefined;
      const known = binding?.kind === "global" && PURE_CONSTRUCTORS.has(name);
      return {
        node: call,
        label: `new ${name}`,
        effect: known ? "pure" : "unknown",
        ...(known ? {} : { site: { effect: "unknown", node: call, why: `constructs ${name}` } }),
        work: !known,
        shippable: false,
        isAsync: false,
      };
    }
    if (!Node.isCallExpression(call)) {
      return {
        node: call,
        label: call.getText(),
        effect: "unknown",
        work: true,
        shippable: false,
        isAsync: false,
      };
    }
    const callee = call.getExpression();
    const callbackEffects = this.callbackEffects(call);

    if (Node.isIdentifier(callee)) {
      const label = callee.getText();
      const binding = this.resolver.resolve(callee);
      const target = this.functionOfBinding(binding, callee.getSourceFile(), 0);
      if (target) {
        const summary = this.summarize(target.fn);
        const shippable = target.topLevel || target.exported;
        const cannotShipWhy = !shippable
          ? summary.captured.length > 0
            ? `${label} uses ${summary.captured.map((n) => `'${n}'`).join(", ")} from the function around it`
            : `${label} is declared inside a function`
          : undefined;
        const moduleState = summary.readsModuleState;
        return {
          node: call,
          label,
          effect: summary.effect,
          ...(summary.site ? { site: summary.site } : {}),
          work: summary.work,
          fn: target.fn,
          shippable: (shippable || summary.captured.length === 0) && moduleState === undefined,
          ...(moduleState
            ? {
                cannotShipWhy:
                  `${label} reads '${moduleState.name}' (line ` +
                  `${moduleState.node.getStartLineNumber()}), a module variable the program ` +
                  `changes, and a worker has its own copy with the first value`,
                cannotShipFix: `pass '${moduleState.name}' to ${label} as an argument`,
              }
            : cannotShipWhy && summary.captured.length > 0
              ? { cannotShipWhy }
              : {}),
          isAsync: summary.isAsync,
        };
      }
      if (
        binding.kind === "import" &&
        binding.module === "weft" &&
        GRAPH_BUILDERS.has(binding.imported)
      ) {
        // Building a task graph runs nothing: it is as cheap and pure as making an array.
        return this.known(call, label, "pure", false, callbackEffects);
      }
      if (
        binding.kind === "variable" &&
        binding.isConst &&
        holdsDelayedFunction(binding.decl, this)
      ) {
        return this.known(call, label, "pure", false, callbackEffects);
      }
      if (binding.kind === "import") {
        const known = knownModuleMember(binding.module, binding.imported);
        if (known) return this.known(call, label, known.effect, known.work, callbackEffects);
        return this.unknown(
          call,
          label,
          `calls ${label} from '${binding.module}', whose effects are not known`,
        );
      }
      if (binding.kind === "global") {
        const known = KNOWN_GLOBAL_FUNCTIONS.get(label);
        if (known) return this.known(call, label, known.effect, known.work, callbackEffects);
        return this.unknown(call, label, `calls ${label}, whose effects are not known`);
      }
      return this.unknown(
        call,
        label,
        `calls ${label}, a function passed in, whose effects are not known`,
      );
    }

    if (Node.isPropertyAccessExpression(callee)) {
      const method = callee.getName();
      const receiver = callee.getExpression();
      const label = callee.getText().length > 40 ? `.${method}` : callee.getText();
      if (Node.isIdentifier(receiver)) {
        const binding = this.resolver.resolve(receiver);
        if (binding.kind === "global") {
          const known = KNOWN_NAMESPACES.get(receiver.getText())?.(method);
          if (known) return this.known(call, label, known.effect, known.work, callbackEffects);
        }
        if (
          binding.kind === "import" &&
          (binding.imported === "*" || binding.imported === "default")
        ) {
          const known = knownModuleMember(binding.module, method);
          if (known) return this.known(call, label, known.effect, known.work, callbackEffects);
          const target = this.importedFile(receiver.getSourceFile(), binding.module);
          const fn = target && this.exportedFunction(target, method, 1);
          if (fn) {
            const summary = this.summarize(fn.fn);
            return {
              node: call,
              label,
              effect: summary.effect,
              ...(summary.site ? { site: summary.site } : {}),
              work: summary.work,
              fn: fn.fn,
              shippable: true,
              isAsync: summary.isAsync,
            };
          }
          return this.unknown(
            call,
            label,
            `calls ${label} from '${binding.module}', whose effects are not known`,
          );
        }
      }
      const receiverRoot = rootOf(receiver);
      if (Node.isIdentifier(receiver) && receiver.getText() === "process" && method === "exit") {
        return this.known(call, label, "ordered", false, callbackEffects);
      }
      if (
        Node.isPropertyAccessExpression(receiver) &&
        receiver.getExpression().getText() === "process" &&
        ["stdout", "stderr"].includes(receiver.getName())
      ) {
        return this.known(call, label, "ordered", false, callbackEffects);
      }
      if (ORDERED_METHODS.has(method))
        return this.known(call, label, "ordered", false, callbackEffects);
      if (MUTATING_METHODS.has(method)) {
        // `new Array(n).fill(0)`, `xs.slice().sort()`: only a fresh value is changed.
        if (receiverRoot === undefined)
          return this.known(call, label, "pure", false, callbackEffects);
        return {
          ...this.known(call, label, "mutates-argument", false, callbackEffects),
          method,
          ...(receiverRoot ? { receiverRoot } : {}),
        };
      }
      if (NON_MUTATING_METHODS.has(method)) {
        const base = this.known(call, label, "pure", false, callbackEffects);
        return { ...base, method, ...(receiverRoot ? { receiverRoot } : {}) };
      }
      return this.unknown(call, label, `calls ${label}, whose effects are not known`);
    }
    return this.unknown(call, callee.getText().slice(0, 40), "calls a computed function");
  }

  /**
   * Effects of named functions passed to a call (`items.map(f)` does what `f` does). Inline
   * callbacks are left out: every caller walks into them and judges their statements where they
   * stand, which is the only place that knows whose locals they write.
   */
  private callbackEffects(call: Node): { effect: Effect; site?: EffectSite; work: boolean } {
    let effect: Effect = "pure";
    let site: EffectSite | undefined;
    let work = false;
    if (!Node.isCallExpression(call)) return { effect, work };
    for (const argument of call.getArguments()) {
      let summary: FunctionSummary | undefined;
      if (Node.isIdentifier(argument)) {
        const target = this.resolveFunction(argument);
        if (target) summary = this.summarize(target.fn);
      }
      if (!summary) continue;
      work ||= summary.work;
      if (worse(summary.effect, effect) !== effect || (site === undefined && summary.site)) {
        effect = worse(summary.effect, effect);
        site = summary.site;
      }
    }
    return { effect, ...(site ? { site } : {}), work };
  }

  private known(
    call: Node,
    label: string,
    effect: Effect,
    work: boolean,
    callbacks: { effect: Effect; site?: EffectSite; work: boolean },
  ): CallInfo {
    const combined = worse(effect, callbacks.effect);
    const site: EffectSite | undefined =
      combined === effect && effect !== "pure"
        ? {
            effect,
            node: call,
            why:
              effect === "ordered" ? `${label} is an effect whose order matters` : `calls ${label}`,
          }
        : callbacks.site;
    return {
      node: call,
      label,
      effect: combined,
      ...(site ? { site } : {}),
      work: work || callbacks.work,
      shippable: false,
      isAsync: false,
    };
  }

  private unknown(call: Node, label: string, why: string): CallInfo {
    return {
      node: call,
      label,
      effect: "unknown",
      site: { effect: "unknown", node: call, why },
      work: true,
      shippable: false,
      isAsync: false,
    };
  }
}

const ITERATING_METHODS: ReadonlySet<string> = new Set([
  "forEach",
  "map",
  "filter",
  "reduce",
  "reduceRight",
  "flatMap",
  "some",
  "every",
  "find",
  "findIndex",
  "sort",
]);

/** `xs.forEach((x) => …)` and friends: a loop written as a call. */
function iteratesWithCallback(node: Node): boolean {
  if (!Node.isCallExpression(node)) return false;
  const callee = node.getExpression();
  return (
    Node.isPropertyAccessExpression(callee) &&
    ITERATING_METHODS.has(callee.getName()) &&
    node.getArguments().some((a) => Node.isArrowFunction(a) || Node.isFunctionExpression(a))
  );
}

/** Weft exports whose calls only build a task graph. */
const GRAPH_BUILDERS: ReadonlySet<string> = new Set(["delayed", "ref", "task", "tokenize"]);

/** Whether a const holds `delayed(f)` (calling it adds a task to a graph, nothing else). */
function holdsDelayedFunction(decl: Node, purity: PurityAnalysis): boolean {
  const declaration = decl.getParent();
  const init = Node.isVariableDeclaration(declaration) ? declaration.getInitializer() : undefined;
  if (!init || !Node.isCallExpression(init)) return false;
  const callee = init.getExpression();
  if (!Node.isIdentifier(callee)) return false;
  const binding = purity.resolver.resolve(callee);
  return binding.kind === "import" && binding.module === "weft" && binding.imported === "delayed";
}

/** The expression a node assigns to (`x = …`, `x.y += …`, `x++`, `delete x.y`), if it does. */
export function writtenTarget(node: Node): Node | undefined {
  if (Node.isBinaryExpression(node)) {
    const operator = node.getOperatorToken().getKind();
    if (operator >= SyntaxKind.FirstAssignment && operator <= SyntaxKind.LastAssignment) {
      return node.getLeft();
    }
    return undefined;
  }
  if (Node.isPrefixUnaryExpression(node) || Node.isPostfixUnaryExpression(node)) {
    const operator = node.getOperatorToken();
    if (operator === SyntaxKind.PlusPlusToken || operator === SyntaxKind.MinusMinusToken) {
      return node.getOperand();
    }
    return undefined;
  }
  if (Node.isDeleteExpression(node)) return node.getExpression();
  return undefined;
}
