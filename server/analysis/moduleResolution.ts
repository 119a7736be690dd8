/**
 * Which file an import names, as TypeScript resolves it: `./lib`, `./lib.js` (for `lib.ts`),
 * `./lib/index`, a folder with an `index`, and aliases through the `paths` and `baseUrl` of the
 * nearest tsconfig.json (or jsconfig.json). Packages are never looked into: a module found in
 * node_modules, or only as declarations, resolves to nothing, and its functions stay unknown.
 */
import { dirname } from "node:path";
import { ts } from "ts-morph";

/** Where the resolver reads files: open documents first, then the disk, or a project's files. */
export interface ResolutionHost {
  fileExists(path: string): boolean;
  readFile(path: string): string | undefined;
}

/** Without a tsconfig: how bundlers and `weft run` resolve, extensions optional. */
const DEFAULT_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowJs: true,
  resolveJsonModule: false,
};

export class ModuleResolver {
  private readonly configs = new Map<string, ts.CompilerOptions>();
  private readonly results = new Map<string, string | undefined>();

  constructor(private readonly host: ResolutionHost) {}

  /** The source file `specifier` names when imported from the file at `fromPath`, if any. */
  resolve(specifier: string, fromPath: string): string | undefined {
    const key = `${fromPath}\0${specifier}`;
    if (this.results.has(key)) return this.results.get(key);
    const found = this.resolveUncached(specifier, fromPath);
    this.results.set(key, found);
    return found;
  }

  private resolveUncached(specifier: string, fromPath: string): string | undefined {
    const options = this.optionsFor(dirname(fromPath));
    const { resolvedModule } = ts.resolveModuleName(specifier, fromPath, options, {
      fileExists: (path) => this.host.fileExists(path),
      readFile: (path) => this.host.readFile(path),
    });
    if (!resolvedModule || resolvedModule.isExternalLibraryImport) return undefined;
    const path = resolvedModule.resolvedFileName;
    if (/\.d\.[cm]?ts$/.test(path) || /[\\/]node_modules[\\/]/.test(path)) return undefined;
    return path;
  }

  /** The compiler options of the nearest tsconfig.json or jsconfig.json above `dir`. */
  private optionsFor(dir: string): ts.CompilerOptions {
    const cached = this.configs.get(dir);
    if (cached) return cached;
    const exists = (path: string): boolean => this.host.fileExists(path);
    const configPath =
      ts.findConfigFile(dir, exists, "tsconfig.json") ??
      ts.findConfigFile(dir, exists, "jsconfig.json");
    let options = DEFAULT_OPTIONS;
    if (configPath) {
      const text = this.host.readFile(configPath);
      const read = text === undefined ? undefined : ts.parseConfigFileTextToJson(configPath, text);
      if (read && !read.error) {
        const parsed = ts.parseJsonConfigFileContent(
          read.config,
          {
            useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
            fileExists: exists,
            readFile: (path) => this.host.readFile(path),
            // Only the options matter here, not which files the project lists.
            readDirectory: () => [],
          },
          dirname(configPath),
          undefined,
          configPath,
        );
        options = { ...DEFAULT_OPTIONS, ...withoutUnsetResolution(parsed.options), allowJs: true };
      }
    }
    this.configs.set(dir, options);
    return options;
  }
}

/** A tsconfig that names no module resolution keeps ours (Bundler), not TypeScript's old default. */
function withoutUnsetResolution(options: ts.CompilerOptions): ts.CompilerOptions {
  if (options.moduleResolution !== undefined) return options;
  const { module: _module, ...rest } = options;
  return rest;
}
