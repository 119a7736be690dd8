/**
 * A TypeScript server plugin: where "weft" does not resolve (a folder that never ran
 * `npm install`), resolve it to the runtime's types shipped in the extension, so the editor shows
 * no error on `import … from "weft"`. A project that has its own `weft` keeps it.
 */
import { join } from "node:path";
import type * as ts from "typescript/lib/tsserverlibrary";

/** The .vsix holds this bundle at <extension>/node_modules/weft-typescript-plugin/dist/index.js. */
const bundledTypes = join(__dirname, "..", "..", "..", "runtime", "dist", "types", "index.d.ts");

function weftResolution(typescript: typeof ts): ts.ResolvedModuleWithFailedLookupLocations {
  return {
    resolvedModule: {
      resolvedFileName: bundledTypes,
      extension: typescript.Extension.Dts,
      isExternalLibraryImport: true,
    },
  };
}

function init(modules: { typescript: typeof ts }): ts.server.PluginModule {
  const typescript = modules.typescript;
  return {
    create(info) {
      const host = info.languageServiceHost;
      const original = host.resolveModuleNameLiterals?.bind(host);
      if (original === undefined) return info.languageService;
      host.resolveModuleNameLiterals = (literals, containingFile, ...rest) => {
        const resolved = original(literals, containingFile, ...rest);
        return resolved.map((resolution, i) =>
          resolution.resolvedModule === undefined && literals[i]?.text === "weft"
            ? weftResolution(typescript)
            : resolution,
        );
      };
      info.project.projectService.logger.info(`weft: "weft" resolves to ${bundledTypes}`);
      return info.languageService;
    },
  };
}

// tsserver requires the module itself to be the factory; the build makes `default` the export.
export default init;
