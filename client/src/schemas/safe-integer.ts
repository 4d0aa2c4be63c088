/** Integers that survive JSON and JavaScript numbers exactly. */
import * as z from "zod/mini";

/**
 * A JavaScript number that is an integer within ±(2^53 − 1). Strings are refused,
 * even digit strings: the postgres transport hands back an int8 or numeric outside
 * that range as a string precisely so that this schema refuses it rather than a
 * rounded number reaching a report.
 *
 * @example
 * safeInteger.safeParse(42).success                  // true
 * safeInteger.safeParse("42").success                // false
 * safeInteger.safeParse(9007199254740992).success    // false
 */
export const safeInteger = z
  .number({ error: "expected a safe integer (a number, not a string)" })
  .check(z.refine(Number.isSafeInteger, { message: "expected a safe integer: a whole number within ±(2^53 − 1)" }));
