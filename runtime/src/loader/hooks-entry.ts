/** The loader-hooks bundle (runtime/dist/loader-hooks.mjs) that `module.register` loads. */
export { initialize, resolve, load } from "./hooks";
