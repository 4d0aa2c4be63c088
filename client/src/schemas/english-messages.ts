/**
 * zod/mini ships no message texts; without a locale every issue reads "Invalid
 * input". The client's failures carry English messages, so its parses pass zod's
 * English messages per call, leaving zod's global configuration (the app's own
 * locale, if any) untouched.
 */
import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

/**
 * Parse options that make every issue's message English.
 *
 * @example
 * const parsed = z.safeParse(schema, value, ENGLISH_MESSAGES);
 */
export const ENGLISH_MESSAGES: z.core.ParseContext<z.core.$ZodIssue> = { error: en().localeError };
