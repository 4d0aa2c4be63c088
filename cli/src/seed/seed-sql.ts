/**
 * SQL expressions that turn (seed, entity, index) into ids and choices.
 *
 * Every value the generator makes is a function of an md5 over text naming the
 * seed, the entity and its index, never of `random()`, a sequence or the order
 * rows are inserted in: the same seed gives byte-identical rows on any engine,
 * in any chunking. Every seed statement binds the seed as `$1`.
 */

/**
 * The seed, as every seed statement binds it.
 *
 * @example
 * `select md5(${SEED_PARAM} || ':contact:' || c) from generate_series(1, 60) c`
 */
export const SEED_PARAM = "$1::text";

/**
 * A uuid from the md5 of `keySql` (a text expression), shaped as version 4 with
 * the RFC 9562 variant so strict uuid validators accept it.
 *
 * @example
 * seedUuid(`${SEED_PARAM} || ':organisation:' || o`)
 * // "overlay(overlay(md5($1::text || ':organisation:' || o) placing '4' from 13) placing '8' from 17)::uuid"
 */
export function seedUuid(keySql: string): string {
  return `overlay(overlay(md5(${keySql}) placing '4' from 13) placing '8' from 17)::uuid`;
}

/**
 * A non-negative integer from `digits` hex digits (1..7) of an md5 text,
 * starting at the 1-based position `from`: uniform in 0 .. 16^digits - 1.
 *
 * @example
 * hashInt("h", 4, 2) // "('x' || substr(h, 4, 2))::bit(8)::int", in 0..255
 */
export function hashInt(hashSql: string, from: number, digits: number): string {
  if (!Number.isInteger(digits) || digits < 1 || digits > 7 || from < 1 || from + digits - 1 > 32) {
    throw new RangeError(`hashInt: ${digits} digits from ${from} do not fit an md5 (32 hex digits, at most 7 per int)`);
  }
  return `('x' || substr(${hashSql}, ${from}, ${digits}))::bit(${digits * 4})::int`;
}
