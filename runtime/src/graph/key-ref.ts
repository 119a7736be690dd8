/** Anything that stands for another task's result inside a task's arguments. */
export class KeyRef {
  constructor(readonly key: string) {}
}

/** A reference to another key of a raw graph: `task(clean, ref("load-1"))`. */
export class Ref extends KeyRef {}

export function ref(key: string): Ref {
  return new Ref(key);
}
