/**
 * The checks both transports apply before anything is sent, so a request the
 * database would receive differently over the two is refused the same way.
 */
import { err, ok, type Result } from "neverthrow";
import { type ValidationFailure, validationFailure } from "../failures/domain-failure.ts";
import type { Json } from "../generated/database.types.ts";
import type { RpcArgs, RpcReturns } from "./rpc-transport.ts";

/**
 * A request that passed checkRpcRequest: args defaulted to {}.
 *
 * @example
 * const checked: CheckedRpcRequest = checkRpcRequest({ fn: "ping", returns: "scalar" })._unsafeUnwrap();
 */
export interface CheckedRpcRequest {
  readonly fn: string;
  readonly args: RpcArgs;
  readonly returns: RpcReturns;
  /** Names of arguments that are PostgreSQL arrays; each given one is an array of strings, numbers, booleans or nulls. */
  readonly arrayArgs: readonly string[];
}

/** Plain, unquoted-style identifiers of at most 63 bytes (PostgreSQL's limit). */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const RETURNS: readonly string[] = ["one", "many", "scalar", "void"];
/** Deeper JSON than this is refused rather than risking the stack. */
const MAX_DEPTH = 64;

type Path = readonly (string | number)[];

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function checkValue(value: unknown, path: Path, ancestors: Set<object>): ValidationFailure | undefined {
  switch (typeof value) {
    case "string":
      // PostgreSQL text cannot hold NUL; refuse it here rather than per transport.
      return value.includes("\u0000") ? validationFailure(path, "strings may not contain the NUL character") : undefined;
    case "number":
      // Only integers cross the API, and only those JSON and JavaScript agree on.
      return Number.isSafeInteger(value) ? undefined : validationFailure(path, "numbers must be safe integers");
    case "boolean":
      return undefined;
    case "object": {
      if (value === null) return undefined;
      if (path.length > MAX_DEPTH) return validationFailure(path, `nested deeper than ${MAX_DEPTH} levels`);
      if (ancestors.has(value)) return validationFailure(path, "the value contains a cycle");
      if (!Array.isArray(value) && !isPlainObject(value)) {
        return validationFailure(path, "objects must be plain objects (no Date, Map or class instances)");
      }
      ancestors.add(value);
      try {
        const entries: [string | number, unknown][] = Array.isArray(value)
          ? value.map((item, index) => [index, item])
          : Object.entries(value);
        for (const [key, item] of entries) {
          const problem = checkValue(item, [...path, key], ancestors);
          if (problem !== undefined) return problem;
        }
        return undefined;
      } finally {
        ancestors.delete(value);
      }
    }
    default:
      return validationFailure(path, `values of type ${typeof value} cannot be sent`);
  }
}

/**
 * Checks a request's function name, result shape and arguments. Never throws.
 *
 * @example
 * checkRpcRequest({ fn: "get_metric_snapshot", args: { org_id: id }, returns: "many" }).isOk() // true
 * checkRpcRequest({ fn: "x", args: { n: 1.5 }, returns: "scalar" })
 * // err({ kind: "validation", path: ["args", "n"], issue: "numbers must be safe integers" })
 */
export function checkRpcRequest(request: unknown): Result<CheckedRpcRequest, ValidationFailure> {
  try {
    if (typeof request !== "object" || request === null) return err(validationFailure([], "expected a request object"));
    const { fn, args, returns, arrayArgs } = request as { fn?: unknown; args?: unknown; returns?: unknown; arrayArgs?: unknown };
    if (typeof fn !== "string" || !IDENTIFIER.test(fn)) {
      return err(validationFailure(["fn"], "expected a function name of letters, digits and underscores"));
    }
    if (typeof returns !== "string" || !RETURNS.includes(returns)) {
      return err(validationFailure(["returns"], `expected one of ${RETURNS.join(", ")}`));
    }
    const arrays = arrayArgs ?? [];
    if (!Array.isArray(arrays) || !arrays.every((name) => typeof name === "string" && IDENTIFIER.test(name))) {
      return err(validationFailure(["arrayArgs"], "expected a list of argument names"));
    }
    if (args === undefined) return ok({ fn, args: {}, returns: returns as RpcReturns, arrayArgs: arrays });
    if (typeof args !== "object" || args === null || Array.isArray(args) || !isPlainObject(args)) {
      return err(validationFailure(["args"], "expected an object of named arguments"));
    }
    for (const [name, value] of Object.entries(args)) {
      if (!IDENTIFIER.test(name)) return err(validationFailure(["args", name], "argument names are letters, digits and underscores"));
      const problem = checkValue(value, ["args", name], new Set());
      if (problem !== undefined) return err(problem);
      if (arrays.includes(name) && value !== null && !(Array.isArray(value) && value.every((item) => item === null || typeof item !== "object"))) {
        return err(validationFailure(["args", name], "expected an array of strings, numbers, booleans or nulls"));
      }
    }
    return ok({ fn, args: args as { [name: string]: Json }, returns: returns as RpcReturns, arrayArgs: arrays });
  } catch {
    // Only hostile values (throwing getters, proxies) get here.
    return err(validationFailure([], "the request could not be read"));
  }
}
