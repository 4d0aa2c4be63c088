/**
 * The column and figure formats the metric schemas share, each as strict as the
 * database's own type or check constraint.
 */
import * as z from "zod/mini";
import { safeInteger } from "../schemas/safe-integer.ts";

/**
 * A uuid as PostgreSQL writes one: 8-4-4-4-12 hex digits. Any 128-bit value is a
 * valid uuid column value, so no version or variant is required.
 *
 * @example
 * databaseUuid.safeParse("00000000-0000-4000-a000-00000000000a").success // true
 * databaseUuid.safeParse("not-a-uuid").success                          // false
 */
export const databaseUuid = z.guid({ error: "expected a uuid" });

/**
 * A counting-rule version such as '2026.1', as `bufdir_counting_rules.version`'s
 * check constraint and the allow-list spell it.
 *
 * @example
 * ruleVersion.safeParse("2026.1").success // true
 * ruleVersion.safeParse("v1").success     // false
 */
export const ruleVersion = z.string().check(z.regex(/^[0-9]{4}\.[0-9]{1,3}$/, { error: "expected a rule version such as 2026.1" }));

/**
 * A lower-case hex SHA-256, as `encode(sha256(…), 'hex')` writes it.
 *
 * @example
 * sha256Hex.safeParse("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855").success // true
 */
export const sha256Hex = z.string().check(z.regex(/^[0-9a-f]{64}$/, { error: "expected a SHA-256 as 64 lower-case hex digits" }));

/**
 * A count: a safe integer (see safeInteger) that is not negative. Built on
 * safeInteger so that a value JSON could not carry exactly, or one the postgres
 * transport left as text, is refused rather than reported.
 *
 * @example
 * figureCount.safeParse(17).success               // true
 * figureCount.safeParse(-1).success               // false
 * figureCount.safeParse(9007199254740992).success // false
 */
export const figureCount = safeInteger.check(z.minimum(0, { error: "expected a count: a safe integer of at least 0" }));
