/**
 * Name resolution without the type checker: finds the declaration an identifier refers to by
 * walking the syntactic scopes around it. Building a checker per edit would cost more than the
 * whole analysis, and loops only need to know where a name was declared and what it holds.
 */
import { Node, ts, type Identifier, type ParameterDeclaration, type SourceFile } from "ts-morph";
import { wrapperOf } from "./walk";

export type Binding =
  | {
      readonly kind: "function";
      readonly name: string;
      /** The function itself: a declaration, or the arrow/function expression a variable holds. */
      readonly fn: Node;
      /** The node that declares the name (for positions). */
      readonly decl: Node;
      readonly topLevel: boolean;
    }
  | {
      readonly kind: "variable";
      readonly name: string;
      readonly decl: Node;
      readonly topLevel: boolean;
      readonly isConst: boolean;
    }
  | { readonly kind: "parameter"; readonly name: string; readonly decl: Node }
  | {
      readonly kind: "import";
      readonly name: string;
      readonly decl: Node;
      readonly module: string;
      /** The exported name, "default", or "*" for a namespace import. */
      readonly imported: string;
      readonly topLevel: true;
    }
  | {
      readonly kind: "class";
      readonly name: string;
      readonly decl: Node;
      readonly topLevel: boolean;
    }
  | { readonly kind: "global"; readonly name: string };

type ScopeTable = Map<string, Binding>;

/** Per-analysis caches, so resolving every identifier of a big file stays linear. */
export class ScopeResolver {
  /** Keyed by the compiler's node: walking up raw parents wraps nothing on the way. */
  private readonly tables = new WeakMap<ts.Node, ScopeTable>();

  resolve(id: Identifier): Binding {
    return this.resolveName(id.getText(), id);
  }

  resolveName(name: string, from: Node): Binding {
    let wrap: ((node: ts.Node) => Node) | undefined;
    for (let raw = from.compilerNode.parent; raw; raw = raw.parent) {
      if (!isRawScope(raw)) continue;
      let table = this.tables.get(raw);
      if (!table) {
        wrap ??= wrapperOf(from.getSourceFile());
        table = buildTable(wrap(raw));
        this.tables.set(raw, table);
      }
      const found = table.get(name);
      if (found) return found;
    }
    return { kind: "global", name };
  }
}

function isRawScope(node: ts.Node): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.SourceFile:
    case ts.SyntaxKind.Block:
    case ts.SyntaxKind.ModuleBlock:
    case ts.SyntaxKind.CaseBlock:
    case ts.SyntaxKind.ForStatement:
    case ts.SyntaxKind.ForOfStatement:
    case ts.SyntaxKind.ForInStatement:
    case ts.SyntaxKind.CatchClause:
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.Constructor:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
      return true;
    default:
      return false;
  }
}

export function isFunctionLike(node: Node): boolean {
  return (
    Node.isFunctionDeclaration(node) ||
    Node.isFunctionExpression(node) ||
    Node.isArrowFunction(node) ||
    Node.isMethodDeclaration(node) ||
    Node.isConstructorDeclaration(node) ||
    Node.isGetAccessorDeclaration(node) ||
    Node.isSetAccessorDeclaration(node)
  );
}

/** Every identifier a binding name (possibly a destructuring pattern) declares. */
export function bindingIdentifiers(name: Node): Identifier[] {
  if (Node.isIdentifier(name)) return [name];
  const out: Identifier[] = [];
  name.forEachDescendant((node, traversal) => {
    if (Node.isBindingElement(node)) {
      const inner = node.getNameNode();
      if (Node.isIdentifier(inner)) out.push(inner);
    }
    // Default values are expressions, not declarations.
    if (Node.isExpression(node) && !Node.isIdentifier(node)) traversal.skip();
  });
  return out;
}

function buildTable(scope: Node): ScopeTable {
  const table: ScopeTable = new Map();
  const topLevel = Node.isSourceFile(scope);
  const add = (binding: Binding): void => {
    if (!table.has(binding.name)) table.set(binding.name, binding);
  };

  if (isFunctionLike(scope)) {
    const fn = scope as Node & { getParameters(): ParameterDeclaration[] };
    for (const parameter of fn.getParameters()) {
      for (const id of bindingIdentifiers(parameter.getNameNode())) {
        add({ kind: "parameter", name: id.getText(), decl: id });
      }
    }
    // A named function expression sees its own name.
    if (Node.isFunctionExpression(scope)) {
      const own = scope.getNameNode();
      if (own)
        add({ kind: "function", name: own.getText(), fn: scope, decl: own, topLevel: false });
    }
    return table;
  }
  if (Node.isCatchClause(scope)) {
    const variable = scope.getVariableDeclaration();
    if (variable) {
      for (const id of bindingIdentifiers(variable.getNameNode())) {
        add({ kind: "variable", name: id.getText(), decl: id, topLevel: false, isConst: false });
      }
    }
    return table;
  }
  if (Node.isForStatement(scope) || Node.isForOfStatement(scope) || Node.isForInStatement(scope)) {
    const init = scope.getInitializer();
    if (init && Node.isVariableDeclarationList(init)) {
      const isConst = init.getText().startsWith("const");
      for (const decl of init.getDeclarations()) {
        for (const id of bindingIdentifiers(decl.getNameNode())) {
          add({ kind: "variable", name: id.getText(), decl: id, topLevel: false, isConst });
        }
      }
    }
    return table;
  }

  const statements = Node.isCaseBlock(scope)
    ? scope.getClauses().flatMap((clause) => clause.getStatements())
    : (scope as Node & { getStatements(): Node[] }).getStatements();
  for (const statement of statements) addStatement(statement, topLevel, add);
  return table;
}

function addStatement(statement: Node, topLevel: boolean, add: (binding: Binding) => void): void {
  if (Node.isFunctionDeclaration(statement)) {
    const name = statement.getName();
    const nameNode = statement.getNameNode();
    if (name && nameNode) add({ kind: "function", name, fn: statement, decl: nameNode, topLevel });
  } else if (Node.isClassDeclaration(statement)) {
    const name = statement.getName();
    if (name) add({ kind: "class", name, decl: statement, topLevel });
  } else if (Node.isVariableStatement(statement)) {
    const isConst = statement.getDeclarationKind() === "const";
    for (const decl of statement.getDeclarations()) {
      const init = decl.getInitializer();
      const nameNode = decl.getNameNode();
      if (
        Node.isIdentifier(nameNode) &&
        isConst &&
        init &&
        (Node.isArrowFunction(init) || Node.isFunctionExpression(init))
      ) {
        add({ kind: "function", name: nameNode.getText(), fn: init, decl: nameNode, topLevel });
        continue;
      }
      for (const id of bindingIdentifiers(nameNode)) {
        add({ kind: "variable", name: id.getText(), decl: id, topLevel, isConst });
      }
    }
  } else if (Node.isImportDeclaration(statement)) {
    const module = statement.getModuleSpecifierValue();
    const defaultImport = statement.getDefaultImport();
    if (defaultImport) {
      add({
        kind: "import",
        name: defaultImport.getText(),
        decl: defaultImport,
        module,
        imported: "default",
        topLevel: true,
      });
    }
    const namespace = statement.getNamespaceImport();
    if (namespace) {
      add({
        kind: "import",
        name: namespace.getText(),
        decl: namespace,
        module,
        imported: "*",
        topLevel: true,
      });
    }
    for (const named of statement.getNamedImports()) {
      const local = named.getAliasNode() ?? named.getNameNode();
      add({
        kind: "import",
        name: local.getText(),
        decl: local,
        module,
        imported: named.getName(),
        topLevel: true,
      });
    }
  } else if (Node.isEnumDeclaration(statement)) {
    add({ kind: "variable", name: statement.getName(), decl: statement, topLevel, isConst: true });
  } else if (Node.isExportAssignment(statement) || Node.isExpressionStatement(statement)) {
    // Nothing is declared.
  }
}

/** The source file's top-level binding of `name`, if any. */
export function topLevelBinding(
  resolver: ScopeResolver,
  file: SourceFile,
  name: string,
): Binding | undefined {
  const first = file.getStatements()[0];
  if (!first) return undefined;
  const binding = resolver.resolveName(name, first);
  return binding.kind === "global" ? undefined : binding;
}
