/** Contacts (the people mentors meet) as `add_contact` and `list_contacts` return them. */
import { z } from "zod";
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
  birth_year: safeInteger.nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  municipality_code: z.string().nullable(),
  municipality_code_version: z.string().nullable(),
  created_by: databaseUuid,
  created_at: isoTimestamp,
  updated_at: isoTimestamp,
  deleted_at: isoTimestamp.nullable(),
});

/**
 * One contact.
 *
 * @example
 * const label = (contact: Contact) => `${contact.full_name} (${contact.id})`;
 */
export type Contact = z.infer<typeof contactSchema>;
