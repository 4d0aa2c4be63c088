/** How far the dataset generator has come, for a progress bar. */

/**
 * The generator's phases, in the order they run: organisations with their
 * rosters (counted in organisations), then contacts and activities (in rows).
 *
 * @example
 * const label: Record<SeedPhase, string> = { roster: "members", contacts: "contacts", activities: "activities" };
 */
export type SeedPhase = "roster" | "contacts" | "activities";

/**
 * One progress report: `done` of `total` units of `phase`. Each phase reports
 * 0 first and `total` last; every chunk in between reports once.
 *
 * @example
 * const onProgress = ({ phase, done, total }: SeedProgress) =>
 *   process.stderr.write(`\r${phase} ${Math.round((100 * done) / Math.max(total, 1))} %`);
 */
export interface SeedProgress {
  readonly phase: SeedPhase;
  readonly done: number;
  readonly total: number;
}
