/**
 * Thrown when the target database already holds rows the generator would create
 * (the same seed's organisations, or the demo users' e-mail addresses, which are
 * the same for every seed). Nothing has been written when it is thrown.
 *
 * @example
 * try {
 *   await seedDataset(client, { seed: "demo" });
 * } catch (error) {
 *   if (error instanceof SeedConflictError) console.error(`seed a fresh database: ${error.conflicts.join(", ")}`);
 * }
 */
export class SeedConflictError extends Error {
  override readonly name = "SeedConflictError";
  /** What exists already: e-mail addresses and organisation ids. */
  readonly conflicts: readonly string[];

  constructor(conflicts: readonly string[]) {
    super(`the database already holds seeded data (${conflicts.slice(0, 3).join(", ")}${conflicts.length > 3 ? ", …" : ""}); seed a fresh database`);
    this.conflicts = conflicts;
  }
}
