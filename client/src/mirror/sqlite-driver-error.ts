/**
 * The one error type both SQLite drivers throw, so callers handle failures the
 * same way whichever engine is underneath.
 *
 * `message` is SQLite's own message (identical across engines, e.g.
 * `NOT NULL constraint failed: summary_cache.organisation_id`), `sql` the
 * statement that failed (null when the failure is not tied to one), and `cause`
 * the engine's original error.
 *
 * @example
 * try {
 *   await driver.run("insert into summary_cache (id) values (?)", ["s-1"]);
 * } catch (error) {
 *   if (error instanceof SqliteDriverError) console.error(error.message, error.sql);
 * }
 */
export class SqliteDriverError extends Error {
  override readonly name = "SqliteDriverError";
  readonly sql: string | null;

  constructor(message: string, options: { readonly sql?: string | null; readonly cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.sql = options.sql ?? null;
  }
}
