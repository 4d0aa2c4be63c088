/**
 * The two transports as the shared behaviour tests see them: given a test
 * database and a request context, an RpcTransport that acts as that context.
 */
import { createServer } from "node:net";
import { createClient, type SupabaseClientOptions } from "@supabase/supabase-js";
import type pg from "pg";
import type { RequestContext } from "../../src/context/request-context.ts";
import { createPostgresPool, createPostgresTransport } from "../../src/transport/postgres-transport.ts";
import type { RpcTransport } from "../../src/transport/rpc-transport.ts";
import { createSupabaseTransport } from "../../src/transport/supabase-transport.ts";
import { createPostgrestFetch, type PostgrestFetch } from "./postgrest-fetch.ts";
import { signTestJwt, TEST_JWT_SECRET, testAnonKey } from "./test-jwt.ts";

export interface TransportFactory {
  readonly name: "postgres" | "supabase";
  /** A transport acting as `context`. */
  as(context: RequestContext): RpcTransport;
  /** A transport whose database cannot be reached. */
  unreachable(): Promise<RpcTransport>;
  close(): Promise<void>;
}

type WebSocketConstructor = NonNullable<NonNullable<SupabaseClientOptions<"public">["realtime"]>["transport"]>;

/**
 * supabase-js builds its realtime client eagerly, and on Node 20 (no global
 * WebSocket, no `ws` installed) that throws unless a transport is given. The
 * tests never open a channel; this one fails loudly if anything tries.
 */
export const NO_REALTIME = class {
  constructor() {
    throw new Error("realtime is not available in these tests");
  }
} as unknown as WebSocketConstructor;

/** The supabase-js client an app would have after signing in as `context`. */
export function supabaseClientFor(context: RequestContext, fetch: typeof globalThis.fetch) {
  const token = signTestJwt({ ...context.claims, role: context.role });
  return createClient("http://postgrest.test", testAnonKey(), {
    accessToken: async () => token,
    global: { fetch },
    realtime: { transport: NO_REALTIME },
  });
}

/** A loopback port nobody listens on (just released by the kernel). */
export async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (address !== null && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export function postgresFactory(url: string): TransportFactory {
  const pool: pg.Pool = createPostgresPool(url, { max: 2 });
  const unreachablePools: pg.Pool[] = [];
  return {
    name: "postgres",
    as: (context) => createPostgresTransport({ pool, context }),
    unreachable: async () => {
      const deadPool = createPostgresPool(`postgres://postgres@127.0.0.1:${await closedPort()}/postgres`, { connectionTimeoutMillis: 2_000 });
      unreachablePools.push(deadPool);
      return createPostgresTransport({ pool: deadPool, context: { role: "anon", claims: { role: "anon" } } });
    },
    close: async () => {
      await Promise.all([pool.end(), ...unreachablePools.map((dead) => dead.end())]);
    },
  };
}

export function supabaseFactory(url: string): TransportFactory & { readonly postgrest: PostgrestFetch } {
  const postgrest = createPostgrestFetch({ connectionString: url, jwtSecret: TEST_JWT_SECRET });
  return {
    name: "supabase",
    postgrest,
    as: (context) => createSupabaseTransport(supabaseClientFor(context, postgrest.fetch)),
    unreachable: async () => {
      // What undici's fetch does when nothing listens: a TypeError caused by ECONNREFUSED.
      const refusing: typeof fetch = async () => {
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }) });
      };
      return createSupabaseTransport(supabaseClientFor({ role: "anon", claims: { role: "anon" } }, refusing));
    },
    close: () => postgrest.close(),
  };
}
