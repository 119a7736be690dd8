/** The Redis client libraries' own bundle (runtime/dist/redis-deps.mjs): see redis-deps.ts. */
export { Queue, WaitingError, Worker } from "bullmq";
export { Redis } from "ioredis";
