/**
 * The last step of both transports: the function's result, in PostgREST's JSON
 * shape, checked against the `returns` the caller declared.
 */
import { err, ok, type Result } from "neverthrow";
import { type ValidationFailure, validationFailure } from "../failures/domain-failure.ts";
import type { RpcReturns } from "./rpc-transport.ts";

function describeShape(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * Checks and normalises a result for its declared shape. For `one`, an object
 * whose every field is null counts as no row: PostgREST renders a function that
 * returned no row (a null composite) that way (PostgREST issue #3694), and the
 * postgres transport follows suit so both transports agree. Table types here
 * always have a non-null key, so a real row is never all nulls.
 *
 * @example
 * shapeResult("one", { id: null, name: null }) // ok(null)
 * shapeResult("many", { id: 1 }).isErr()       // true
 */
export function shapeResult(returns: RpcReturns, value: unknown): Result<unknown, ValidationFailure> {
  switch (returns) {
    case "void":
      return ok(null);
    case "scalar":
      return ok(value === undefined ? null : value);
    case "many":
      return Array.isArray(value) ? ok(value) : err(validationFailure([], `expected a list of rows, got ${describeShape(value)}`));
    case "one": {
      if (value === null || value === undefined) return ok(null);
      if (typeof value !== "object" || Array.isArray(value)) {
        return err(validationFailure([], `expected one row (an object) or none, got ${describeShape(value)}`));
      }
      return ok(Object.values(value).every((field) => field === null) ? null : value);
    }
  }
}
