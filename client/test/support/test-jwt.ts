/** Signing JWTs for tests, as Supabase Auth would (HS256 with the project's secret). */
import { createHmac } from "node:crypto";

/** The secret the tests sign and verify with (Supabase's local default has the same shape). */
export const TEST_JWT_SECRET = "test-only-jwt-secret-with-at-least-32-characters";

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * An HS256 token over `claims`; `exp` defaults to one hour from now.
 *
 * @example
 * const token = signTestJwt({ sub: userId, role: "authenticated" });
 */
export function signTestJwt(
  claims: Record<string, unknown>,
  options: { secret?: string; header?: Record<string, unknown> } = {},
): string {
  const header = encode(options.header ?? { alg: "HS256", typ: "JWT" });
  const payload = encode({ exp: Math.floor(Date.now() / 1000) + 3600, ...claims });
  const signature = createHmac("sha256", options.secret ?? TEST_JWT_SECRET).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/** The anon key of the test project: a token whose role is anon. */
export const testAnonKey = (): string => signTestJwt({ role: "anon", iss: "supabase" });
/** The service role key of the test project. */
export const testServiceRoleKey = (): string => signTestJwt({ role: "service_role", iss: "supabase" });
