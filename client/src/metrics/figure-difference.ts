/** A row of `verify_metric_snapshot`: one figure that differs from a recomputation. */
import * as z from "zod/mini";
import { safeInteger } from "../schemas/safe-integer.ts";

/**
 * A leaf of the figures: a count, the lower-bound flag, a metadata string
 * (rule version, period bounds), or an empty breakdown (`{}`), which has no
 * leaves of its own. Null when the figure is absent on that side. A count is
 * checked with safeInteger: a tampered 9007199254740993 is refused, not shown
 * as …992.
 *
 * @example
 * figureValue.safeParse(90).success   // true
 * figureValue.safeParse(null).success // true
 * figureValue.safeParse(2 ** 53).success // false
 */
export const figureValue = z.nullable(z.union([safeInteger, z.boolean(), z.string(), z.strictObject({})]));

/**
 * One differing figure, by dotted path ('totals.activity_days',
 * 'activity_days_by_county.46').
 *
 * @example
 * const parsed = z.array(figureDifferenceSchema).safeParse(rows);
 */
export const figureDifferenceSchema = z.strictObject({
  figure: z.string().check(z.minLength(1)),
  persisted_value: figureValue,
  recomputed_value: figureValue,
});

/**
 * A figure whose persisted value differs from a fresh recomputation.
 *
 * @example
 * const difference: FigureDifference = { figure: "totals.activity_days", persisted_value: 90, recomputed_value: 9 };
 */
export type FigureDifference = z.infer<typeof figureDifferenceSchema>;
