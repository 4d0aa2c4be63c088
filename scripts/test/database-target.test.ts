import { describe, expect, it } from "vitest";
import {
  databaseNameOf,
  libpqEnvironment,
  redactPassword,
  resolveDatabaseTarget,
  withDatabaseName,
  withoutPasswords,
} from "../lib/database-target.ts";

describe("resolveDatabaseTarget", () => {
  it("chooses the embedded engine when DATABASE_URL is unset", () => {
    expect(resolveDatabaseTarget({})).toEqual({ engine: "embedded" });
  });

  it("chooses the embedded engine when DATABASE_URL is blank", () => {
    expect(resolveDatabaseTarget({ DATABASE_URL: "  " })).toEqual({ engine: "embedded" });
  });

  it("chooses the PostgreSQL server named by DATABASE_URL", () => {
    const url = "postgres://postgres@127.0.0.1:5432/postgres";
    expect(resolveDatabaseTarget({ DATABASE_URL: url })).toEqual({ engine: "postgres", url });
  });

  it("accepts the postgresql:// spelling", () => {
    const url = "postgresql://user:secret@db.example.supabase.co:5432/postgres";
    expect(resolveDatabaseTarget({ DATABASE_URL: url })).toEqual({ engine: "postgres", url });
  });

  it("rejects a URL of another scheme", () => {
    expect(() => resolveDatabaseTarget({ DATABASE_URL: "mysql://root@127.0.0.1/test" })).toThrow(/postgres:\/\//);
  });

  it("rejects something that is not a URL without printing its password", () => {
    expect(() => resolveDatabaseTarget({ DATABASE_URL: "not a url" })).toThrow(/not a URL/);
  });
});

describe("URL helpers", () => {
  it("points a URL at another database and keeps its options", () => {
    expect(withDatabaseName("postgres://u:p@h:5433/postgres?sslmode=disable", "other")).toBe(
      "postgres://u:p@h:5433/other?sslmode=disable",
    );
  });

  it("reads the database name, defaulting to the user's name", () => {
    expect(databaseNameOf("postgres://u@h/appdb")).toBe("appdb");
    expect(databaseNameOf("postgres://alice@h")).toBe("alice");
  });

  it("hides the password before a URL is printed", () => {
    expect(redactPassword("postgres://u:s3cret@h:5432/db")).toBe("postgres://u:***@h:5432/db");
    expect(redactPassword("postgres://u@h:5432/db")).toBe("postgres://u@h:5432/db");
  });

  it("hides a password given as ?password=, one with an @ in it, one with no user name, and one in text that is no URL", () => {
    expect(redactPassword("postgres://u@h/db?sslmode=disable&password=s3cret")).toBe("postgres://u@h/db?sslmode=disable&password=***");
    expect(redactPassword("postgres://u:p@ss@h/db")).toBe("postgres://u:***@h/db");
    expect(redactPassword("postgres://:s3cret@h/db")).toBe("postgres://:***@h/db");
    expect(redactPassword("postgres//u:s3cret@h/db password=x")).toBe("postgres//***@h/db password=***");
  });

  it("removes a URL's password, in every spelling, from a tool's message", () => {
    expect(withoutPasswords("connect postgres://u:p%40ss@h/db as p@ss failed", "postgres://u:p@ss@h/db")).toBe("connect postgres://u:***@h/db as *** failed");
    expect(withoutPasswords("nothing secret here", "postgres://u@h/db")).toBe("nothing secret here");
  });

  it("turns a URL into libpq variables for tools that take none", () => {
    expect(libpqEnvironment("postgres://u:p%40ss@127.0.0.1:6543/db?sslmode=disable")).toEqual({
      PGDATABASE: "db",
      PGHOST: "127.0.0.1",
      PGPORT: "6543",
      PGUSER: "u",
      PGPASSWORD: "p@ss",
      PGSSLMODE: "disable",
    });
  });
});
