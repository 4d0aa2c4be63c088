/**
 * What the dataset generator builds: how many of each thing, for which year, from
 * which seed. Every field has a default that gives a demo-sized dataset.
 */

/**
 * The generator's options; seedDataset takes any subset and fills in DEFAULT_SEED_OPTIONS.
 *
 * @example
 * const options: Partial<SeedOptions> = { seed: 7, organisations: 2, activitiesPerOrganisation: [1_000_000, 1500] };
 */
export interface SeedOptions {
  /** Same seed, same data (ids included). Numbers are used as their decimal text. */
  readonly seed: string | number;
  /** How many organisations (at least 2 for the cross-organisation users). */
  readonly organisations: number;
  /** Peer mentors per organisation (at least 3, so every mentor status occurs). */
  readonly mentorsPerOrganisation: number;
  /** Contacts per organisation (at least 10, so a group can have 8 distinct participants). */
  readonly contactsPerOrganisation: number;
  /**
   * Activity rows per organisation, proxy duplicates included: one number for
   * every organisation, or one per organisation (e.g. `[1_000_000, 1500]`).
   */
  readonly activitiesPerOrganisation: number | readonly number[];
  /** The calendar year the activities fall in. */
  readonly year: number;
  /** Rows per statement when inserting contacts and activities. */
  readonly chunkSize: number;
}

/**
 * Options after defaults and validation: one activity count per organisation.
 *
 * @example
 * const resolved: ResolvedSeedOptions = resolveSeedOptions({ seed: "demo" });
 * resolved.activitiesPerOrganisation // [1500, 1500]
 */
export interface ResolvedSeedOptions {
  readonly seed: string;
  readonly organisations: number;
  readonly mentorsPerOrganisation: number;
  readonly contactsPerOrganisation: number;
  readonly activitiesPerOrganisation: readonly number[];
  readonly year: number;
  readonly chunkSize: number;
}

/**
 * The demo-sized defaults: 2 organisations of 15 mentors, 60 contacts and 1500
 * activities each, in 2026.
 *
 * @example
 * seedDataset(client, { ...DEFAULT_SEED_OPTIONS, seed: "demo" })
 */
export const DEFAULT_SEED_OPTIONS: SeedOptions = {
  seed: "bufdir-demo",
  organisations: 2,
  mentorsPerOrganisation: 15,
  contactsPerOrganisation: 60,
  activitiesPerOrganisation: 1500,
  year: 2026,
  chunkSize: 10_000,
};

/** Upper bounds that keep every generated value inside the schema's checks and JSON-safe ranges. */
const LIMITS = {
  organisations: 10_000,
  mentorsPerOrganisation: 100_000,
  contactsPerOrganisation: 10_000_000,
  activities: 100_000_000,
  chunkSize: 1_000_000,
} as const;

function integerIn(name: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

/**
 * Fills in defaults and checks every option; throws a RangeError naming the
 * offending option.
 *
 * @example
 * resolveSeedOptions({ seed: 7, activitiesPerOrganisation: [100_000, 1500] })
 * // { seed: "7", organisations: 2, activitiesPerOrganisation: [100000, 1500], ... }
 */
export function resolveSeedOptions(options: Partial<SeedOptions> = {}): ResolvedSeedOptions {
  const merged = { ...DEFAULT_SEED_OPTIONS, ...options };
  const seed = typeof merged.seed === "number" ? String(merged.seed) : merged.seed;
  if (typeof seed !== "string" || seed.length === 0 || seed.length > 200) {
    throw new RangeError("seed must be a non-empty string of at most 200 characters, or a number");
  }
  const organisations = integerIn("organisations", merged.organisations, 1, LIMITS.organisations);
  const perOrganisation = merged.activitiesPerOrganisation;
  const activities =
    typeof perOrganisation === "number" ? Array.from({ length: organisations }, () => perOrganisation) : [...perOrganisation];
  if (activities.length !== organisations) {
    throw new RangeError(
      `activitiesPerOrganisation lists ${activities.length} counts for ${organisations} organisations`,
    );
  }
  activities.forEach((count, index) => integerIn(`activitiesPerOrganisation[${index}]`, count, 0, LIMITS.activities));
  return {
    seed,
    organisations,
    mentorsPerOrganisation: integerIn("mentorsPerOrganisation", merged.mentorsPerOrganisation, 3, LIMITS.mentorsPerOrganisation),
    contactsPerOrganisation: integerIn("contactsPerOrganisation", merged.contactsPerOrganisation, 10, LIMITS.contactsPerOrganisation),
    activitiesPerOrganisation: activities,
    // Activities must fall on or after 2000-01-01 (a table check), and mentors' periods start a year earlier.
    year: integerIn("year", merged.year, 2001, 2100),
    chunkSize: integerIn("chunkSize", merged.chunkSize, 1, LIMITS.chunkSize),
  };
}
