/**
 * A worker runs a job only if it runs the same code as the client that sent it: the same Weft
 * version and job format, and for module functions the same bytes of the module file. A worker
 * that differs refuses: it puts the job back for another worker, says why on stderr and to the
 * client, and stops, because every later job would meet the same difference.
 */
import { ErrorCode } from "../errors";
import { moduleFingerprint } from "./code-fingerprint";
import { JOB_FORMAT, projectFile, type TaskJob } from "./job-encoding";

export interface Refusal {
  readonly code: typeof ErrorCode.VersionMismatch;
  readonly message: string;
  readonly worker: string;
  readonly client: string;
  readonly key: string;
}

/** Why this worker may not run `job`, or undefined when it may. */
export function refusalReason(job: TaskJob, version: string, root: string): string | undefined {
  if (job.format !== JOB_FORMAT || job.weft !== version) {
    return (
      `the client runs weft ${String(job.weft)} (job format ${String(job.format)}) but this ` +
      `worker runs weft ${version} (job format ${JOB_FORMAT}). Install the same version of weft ` +
      `on every machine, then start this worker again.`
    );
  }
  if (job.fn.kind !== "project") return undefined;
  const path = projectFile(job.fn, root);
  const fingerprint = moduleFingerprint(path);
  if (fingerprint === undefined) {
    return (
      `${job.fn.path} (function ${job.fn.name}) is not in this worker's project root ${root}. ` +
      `Code must be present on every worker: copy the project there, or start the worker with ` +
      `--root <the project's folder>.`
    );
  }
  if (fingerprint.sha !== job.fn.sha) {
    const imports = fingerprint.files - 1;
    const which =
      imports === 0
        ? `this worker's copy of ${job.fn.path}`
        : `this worker's copy of ${job.fn.path} or of one of the ${imports} project ` +
          `file${imports === 1 ? "" : "s"} it imports`;
    return (
      `${which} differs from the client's (function ${job.fn.name}). Deploy the same version ` +
      `of the project to every worker, then start this worker again.`
    );
  }
  return undefined;
}

export function refusalMessage(reason: string): string {
  return `${ErrorCode.VersionMismatch}: worker refused a task: ${reason}`;
}
