/** Keys and tokens: pure calls share a key, impure calls never do, names become groups. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { delayed, groupOfKey, tokenize } from "weft";

const add = (x: number, y: number): number => x + y;

test("tokenize is stable for equal values and differs for different ones", () => {
  assert.equal(
    tokenize({ b: 1, a: [1, 2, new Map([["k", 1]])] }),
    tokenize({ a: [1, 2, new Map([["k", 1]])], b: 1 }),
  );
  assert.notEqual(tokenize([1, 2]), tokenize([2, 1]));
  assert.notEqual(tokenize(1), tokenize("1"));
  assert.notEqual(tokenize(new Set([1])), tokenize([1]));
  assert.equal(tokenize(new Uint8Array([1, 2])), tokenize(new Uint8Array([1, 2])));
});

test("pure calls with the same function and arguments share a key; impure calls do not", () => {
  const pureAdd = delayed(add, { pure: true });
  assert.equal(pureAdd(1, 2).key, pureAdd(1, 2).key);
  assert.equal(
    pureAdd(1, 2).key,
    delayed(add, { pure: true })(1, 2).key,
    "a new wrapper, same key",
  );
  assert.notEqual(pureAdd(1, 2).key, pureAdd(2, 1).key);
  const impure = delayed(add);
  assert.notEqual(impure(1, 2).key, impure(1, 2).key);
});

test("keys are <name>-<token> and the name is the group", () => {
  const key = delayed(add)(1, 2).key;
  assert.match(key, /^add-[0-9a-f]+$/);
  assert.equal(groupOfKey(key), "add");
  assert.equal(groupOfKey(delayed(add, { name: "sum-pair" })(1, 2).key), "sum-pair");
  assert.equal(groupOfKey(delayed((x: number) => x)(1).key), "lambda");
});
