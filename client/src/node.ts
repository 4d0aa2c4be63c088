/**
 * @bufdir-reporting/client/node: everything the package root offers, plus the
 * parts that need Node: the direct-Postgres transport (node-postgres), the
 * better-sqlite3 and file-backed sql.js mirror drivers, and JWT verification.
 * Servers, tools and tests import from here; browsers from the root.
 */
export * from "./index.ts";

// The direct-Postgres transport
export type { PostgresPoolOptions, PostgresTransport, PostgresTransportOptions } from "./transport/postgres-transport.ts";
export { createPostgresPool, createPostgresTransport } from "./transport/postgres-transport.ts";
export { postgresTypeParsers } from "./transport/postgres-type-parsers.ts";

// Acting as a request on a connection of your own
export { actAsSql, inRequestContext, requestSettings } from "./context/act-as-sql.ts";

// Verifying access tokens
export type { JwtVerificationOptions } from "./context/verify-jwt.ts";
export { contextFromJwt, MIN_JWT_SECRET_LENGTH, verifyJwt } from "./context/verify-jwt.ts";

// Mirror drivers on Node
export { openBetterSqlite3Driver, type BetterSqlite3DriverOptions } from "./mirror/better-sqlite3-driver.ts";
export { openSqlJsFileDriver, type SqlJsFileDriver } from "./mirror/sql-js-file-driver.ts";
