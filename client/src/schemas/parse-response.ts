/** Validating what the database sent back, as a Result. */
import { err, ok, type Result } from "neverthrow";
import * as z from "zod/mini";
import { type ValidationFailure, validationFailure } from "../failures/domain-failure.ts";
import { ENGLISH_MESSAGES } from "./english-messages.ts";

function pathOf(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((key) => (typeof key === "symbol" ? key.toString() : key));
}

/**
 * Checks a value against a zod schema. The failure carries the first issue's path
 * and message; an unknown key of a strict object is named in the path. Never
 * throws, whatever the value.
 *
 * Response schemas are strict objects (`z.strictObject`), so a column the client
 * does not know about is a failure rather than silently ignored.
 *
 * @example
 * const row = z.strictObject({ org_id: z.string(), activity_days: safeInteger });
 * parseResponse(row, { org_id: "a", activity_days: 3 })   // ok({ org_id: "a", activity_days: 3 })
 * parseResponse(row, { org_id: "a", activity_days: "3" }) // err({ kind: "validation", path: ["activity_days"], ... })
 */
export function parseResponse<S extends z.core.$ZodType>(schema: S, value: unknown): Result<z.output<S>, ValidationFailure> {
  let parsed: ReturnType<typeof z.safeParse<S>>;
  try {
    parsed = z.safeParse(schema, value, ENGLISH_MESSAGES);
  } catch {
    // Async refinements and hostile values (throwing getters, proxies) end up here.
    return err(validationFailure([], "the value could not be checked against its schema"));
  }
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  if (issue === undefined) return err(validationFailure([], "the value does not match its schema"));
  const path = pathOf(issue.path);
  if (issue.code === "unrecognized_keys" && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  return err(validationFailure(path, issue.message));
}
