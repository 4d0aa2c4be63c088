import type { RunResult, SqlParams, SqliteDriver, SqliteRow } from "./sqlite-driver.ts";
import { SqliteDriverError } from "./sqlite-driver-error.ts";

/**
 * The synchronous operations an engine adapter provides; `ConnectionDriver`
 * turns them into a `SqliteDriver`. Implementations may throw anything: the
 * driver wraps it.
 *
 * @example
 * const connection: SqliteConnection = {
 *   run: (sql, params) => engine.run(sql, params),
 *   all: (sql, params) => engine.all(sql, params),
 *   exec: (sql) => engine.exec(sql),
 *   close: () => engine.close(),
 * };
 */
export interface SqliteConnection {
  run(sql: string, params: SqlParams): RunResult;
  all(sql: string, params: SqlParams): SqliteRow[];
  exec(sql: string): void;
  close(): void;
}

/**
 * The behaviour both adapters share: parameter validation, error wrapping and
 * transactions. Keeping it in one place is what makes the engines
 * interchangeable.
 *
 * @example
 * class MyEngineDriver extends ConnectionDriver {}
 * const driver: SqliteDriver = new MyEngineDriver(connection);
 */
export class ConnectionDriver implements SqliteDriver {
  readonly #connection: SqliteConnection;
  #inTransaction = false;

  constructor(connection: SqliteConnection) {
    this.#connection = connection;
  }

  /** Whether `transaction(fn)` is currently running on this driver. */
  get inTransaction(): boolean {
    return this.#inTransaction;
  }

  async run(sql: string, params: SqlParams = []): Promise<RunResult> {
    assertBindable(sql, params);
    return this.attempt(sql, () => this.#connection.run(sql, params));
  }

  async all<T = SqliteRow>(sql: string, params: SqlParams = []): Promise<T[]> {
    assertBindable(sql, params);
    // The row shape is the caller's claim about its own statement, as in the engines' APIs.
    return this.attempt(sql, () => this.#connection.all(sql, params) as T[]);
  }

  async exec(sql: string): Promise<void> {
    this.attempt(sql, () => this.#connection.exec(sql));
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#inTransaction) {
      const message = "a transaction is already open on this connection; nested transactions are not supported";
      throw new SqliteDriverError(message, { sql: "BEGIN" });
    }
    await this.exec("BEGIN");
    this.#inTransaction = true;
    try {
      const value = await fn();
      await this.exec("COMMIT");
      return value;
    } catch (error) {
      try {
        await this.exec("ROLLBACK");
      } catch {
        // SQLite may already have rolled back on its own (e.g. after a full disk);
        // the error worth reporting is the one that got us here.
      }
      throw error;
    } finally {
      this.#inTransaction = false;
    }
  }

  async close(): Promise<void> {
    this.attempt(null, () => this.#connection.close());
  }

  /** Runs an engine call, turning whatever it throws into a `SqliteDriverError`. */
  protected attempt<T>(sql: string | null, call: () => T): T {
    try {
      return call();
    } catch (cause) {
      if (cause instanceof SqliteDriverError) throw cause;
      throw new SqliteDriverError(messageOf(cause), { sql, cause });
    }
  }
}

function assertBindable(sql: string, params: SqlParams): void {
  for (const [index, value] of params.entries()) {
    const bindable =
      value === null || typeof value === "string" || typeof value === "number" || value instanceof Uint8Array;
    // The engines disagree on booleans, bigints and undefined (one converts, one refuses), so neither gets them.
    if (!bindable) {
      const message = `parameter ${index + 1} is a ${typeof value}; only string, number, Uint8Array and null bind`;
      throw new SqliteDriverError(message, { sql });
    }
  }
}

function messageOf(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return String(cause);
}
