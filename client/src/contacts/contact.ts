/** Contacts (the people mentors meet) as `add_contact` and `list_contacts` return them. */
import * as z from "zod/mini";
import { databaseUuid } from "../metrics/metric-fields.ts";
import { isoTimestamp } from "../schemas/iso-date.ts";
import { safeInteger } from "../schemas/safe-integer.ts";

/**
 * One contact row. Personal data: only what the caller may read arrives.
 *
 * @example
 * const parsed = contactSchema.safeParse(row);
 * if (parsed.success) console.log(parsed.data.full_name);
 */
export const contactSchema = z.strictObject({
  org_id: databaseUuid,
  id: databaseUuid,
  full_name: z.string(),
  birth_year: z.nullable(safeInteger),
  phone: z.nullable(z.string()),
  email: z.nullable(z.string()),
  municipality_code: z.nullable(z.string()),
  municipality_code_version: z.nullable(z.string()),
  created_by: databaseUuid,
  created_at: isoTimestamp,
  updated_at: isoTimestamp,
  deleted_at: z.nullable(isoTimestamp),
});

/**
 * One contact.
 *
 * @example
 * const label = (contact: Contact) => `${contact.full_name} (${contact.id})`;
 */
export type Contact = z.infer<typeof contactSchema>;
