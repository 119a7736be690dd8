/**
 * `memoryLimit` as Dask writes it ("2GB", "512 MiB", a number of bytes), turned into the heap
 * limit of each worker thread in MB (worker_threads `resourceLimits.maxOldGenerationSizeMb`).
 */
import { ErrorCode, WeftError } from "../errors";

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
};

export function memoryLimitMb(limit: number | string): number {
  let bytes: number | undefined;
  if (typeof limit === "number") bytes = limit;
  else {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?\s*$/i.exec(limit);
    if (match !== null) bytes = Number(match[1]) * (UNITS[(match[2] ?? "b").toLowerCase()] ?? 1);
  }
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 16 * 2 ** 20) {
    throw new WeftError(
      ErrorCode.BadArgument,
      `memoryLimit ${JSON.stringify(limit)} is not a size of at least 16 MiB; write it like ` +
        `"512MB", "2GiB" or a number of bytes.`,
    );
  }
  return Math.floor(bytes / 2 ** 20);
}
