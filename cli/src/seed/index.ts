/** The deterministic dataset generator for demos, benchmarks and tests. */
export { seedDataset } from "./seed-dataset.ts";
export { DEFAULT_SEED_OPTIONS, resolveSeedOptions, type ResolvedSeedOptions, type SeedOptions } from "./seed-options.ts";
export type { SeedPhase, SeedProgress } from "./seed-progress.ts";
export {
  readSeedSummary,
  SEEDED_TABLES,
  type SeededMembership,
  type SeededOrganisation,
  type SeededTable,
  type SeededUser,
  type SeedSummary,
} from "./seed-summary.ts";
export { SeedConflictError } from "./seed-conflict-error.ts";
export { seedUserEmail, type SeedPersonKind } from "./seed-people.ts";
export { DUPLICATE_EVERY } from "./seed-activities.ts";
export { FIRST_NAMES, LAST_NAMES, MUNICIPALITIES, MUNICIPALITY_CODE_VERSION, type Municipality } from "./seed-vocabulary.ts";
