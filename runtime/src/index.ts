/**
 * `weft`: Dask-style custom parallelism for TypeScript.
 * The public entry of the runtime library; everything a program imports comes from here.
 */
export { version } from "./version";
export { WeftError, TaskError, ErrorCode, isWeftError } from "./errors";
export * from "./protocol/events";
