/**
 * What the analysis knows about functions it cannot look into: JavaScript's built-ins and a few
 * Node modules. Anything not listed here counts as unknown, and unknown blocks a suggestion.
 */

/** From least to most harmful; a body's effect is the worst of its parts. */
export type Effect = "pure" | "read" | "mutates-argument" | "unknown" | "writes" | "ordered";

export interface KnownApi {
  readonly effect: Effect;
  /** Whether one call is enough work to be worth a task on its own. */
  readonly work: boolean;
}

const PURE: KnownApi = { effect: "pure", work: false };
const PURE_WORK: KnownApi = { effect: "pure", work: true };
const READ: KnownApi = { effect: "read", work: true };
const ORDERED: KnownApi = { effect: "ordered", work: false };

/** Global functions called by name. */
export const KNOWN_GLOBAL_FUNCTIONS: ReadonlyMap<string, KnownApi> = new Map([
  ...[
    "parseInt",
    "parseFloat",
    "Number",
    "String",
    "Boolean",
    "BigInt",
    "isNaN",
    "isFinite",
    "encodeURIComponent",
    "decodeURIComponent",
    "encodeURI",
    "decodeURI",
    "Symbol",
    "Array",
  ].map((name) => [name, PURE] as const),
  ["structuredClone", PURE_WORK],
  ["fetch", READ],
  ["setTimeout", ORDERED],
  ["setInterval", ORDERED],
  ["alert", ORDERED],
  ["require", { effect: "unknown", work: true }],
]);

/** Members of global namespaces: `Math.max`, `JSON.parse`, `console.log`. */
export const KNOWN_NAMESPACES: ReadonlyMap<string, (member: string) => KnownApi | undefined> =
  new Map([
    ["Math", () => PURE],
    ["JSON", () => PURE_WORK],
    ["Number", () => PURE],
    ["String", () => PURE],
    ["Array", (member: string) => (["from", "of", "isArray"].includes(member) ? PURE : undefined)],
    [
      "Object",
      (member: string) =>
        ["keys", "values", "entries", "fromEntries", "freeze", "is", "getPrototypeOf"].includes(
          member,
        )
          ? PURE
          : member === "assign"
            ? { effect: "mutates-argument", work: false }
            : undefined,
    ],
    ["Date", (member: string) => (member === "now" || member === "parse" ? PURE : undefined)],
    ["Promise", () => PURE],
    ["console", () => ORDERED],
    ["document", () => ORDERED],
    ["window", () => ORDERED],
    ["localStorage", () => ORDERED],
  ]);

/** Node's built-in modules, by the name imported from them. */
const NODE_MODULES: ReadonlyMap<string, (member: string) => KnownApi | undefined> = new Map([
  [
    "path",
    (member: string) =>
      [
        "join",
        "resolve",
        "basename",
        "dirname",
        "extname",
        "relative",
        "normalize",
        "isAbsolute",
        "parse",
        "format",
      ].includes(member)
        ? PURE
        : undefined,
  ],
  [
    "fs",
    (member: string) =>
      /^(readFile|readdir|stat|lstat|access|exists|realpath|opendir)(Sync)?$/.test(member)
        ? READ
        : ORDERED,
  ],
  [
    "fs/promises",
    (member: string) =>
      /^(readFile|readdir|stat|lstat|access|realpath|opendir)$/.test(member) ? READ : ORDERED,
  ],
  [
    "crypto",
    (member: string) =>
      ["createHash", "createHmac", "randomUUID", "randomBytes", "hash"].includes(member)
        ? PURE_WORK
        : undefined,
  ],
  [
    "zlib",
    (member: string) =>
      /^(gzip|gunzip|deflate|inflate|brotliCompress|brotliDecompress)Sync$/.test(member)
        ? PURE_WORK
        : undefined,
  ],
  [
    "timers/promises",
    (member: string) => (member === "setTimeout" ? { effect: "read", work: false } : undefined),
  ],
  [
    "util",
    (member: string) =>
      ["format", "inspect", "isDeepStrictEqual"].includes(member) ? PURE : undefined,
  ],
]);

/** A function imported from a package or built-in module, or undefined when not known. */
export function knownModuleMember(module: string, member: string): KnownApi | undefined {
  const name = module.startsWith("node:") ? module.slice(5) : module;
  return NODE_MODULES.get(name)?.(member);
}

/** Methods that return a new value and leave their receiver alone. */
export const NON_MUTATING_METHODS: ReadonlySet<string> = new Set([
  // forEach changes nothing itself; what its callback does is judged with the callback.
  "forEach",
  "map",
  "filter",
  "reduce",
  "reduceRight",
  "slice",
  "concat",
  "join",
  "indexOf",
  "lastIndexOf",
  "includes",
  "find",
  "findIndex",
  "findLast",
  "findLastIndex",
  "some",
  "every",
  "flat",
  "flatMap",
  "at",
  "keys",
  "values",
  "entries",
  "toSorted",
  "toReversed",
  "toSpliced",
  "with",
  "toUpperCase",
  "toLowerCase",
  "trim",
  "trimStart",
  "trimEnd",
  "split",
  "replace",
  "replaceAll",
  "startsWith",
  "endsWith",
  "padStart",
  "padEnd",
  "charAt",
  "charCodeAt",
  "codePointAt",
  "substring",
  "repeat",
  "match",
  "matchAll",
  "localeCompare",
  "normalize",
  "toFixed",
  "toPrecision",
  "toString",
  "valueOf",
  "get",
  "has",
  "test",
  "exec",
]);

/** Methods that change their receiver. */
export const MUTATING_METHODS: ReadonlySet<string> = new Set([
  "push",
  "pop",
  "shift",
  "unshift",
  "splice",
  "sort",
  "reverse",
  "fill",
  "copyWithin",
  "set",
  "add",
  "delete",
  "clear",
]);

/** Methods whose call is an effect the outside world sees in order. */
export const ORDERED_METHODS: ReadonlySet<string> = new Set([
  "write",
  "writeln",
  "end",
  "send",
  "emit",
  "log",
  "appendChild",
  "removeChild",
  "insertBefore",
  "setAttribute",
  "dispatchEvent",
  "postMessage",
  "writeFile",
  "writeFileSync",
  "appendFile",
  "appendFileSync",
]);

/** Built-in constructors that make a fresh value and touch nothing else. */
export const PURE_CONSTRUCTORS: ReadonlySet<string> = new Set([
  "Map",
  "Set",
  "Array",
  "Date",
  "Error",
  "TypeError",
  "RangeError",
  "URL",
  "RegExp",
  "Object",
  "WeakMap",
  "WeakSet",
  "Uint8Array",
  "Float64Array",
  "Int32Array",
  "ArrayBuffer",
]);
