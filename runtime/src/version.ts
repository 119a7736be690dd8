/** Replaced at build time with runtime/package.json's version; read from the file when run from source. */
declare const __WEFT_VERSION__: string | undefined;

export const version: string =
  typeof __WEFT_VERSION__ === "string" ? __WEFT_VERSION__ : "0.0.0-source";
