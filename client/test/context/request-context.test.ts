import { describe, expect, it } from "vitest";
import { asAnon, asServiceRole, asUser, contextFromClaims } from "../../src/context/request-context.ts";

const USER = "5f0c9d3e-4b1a-4c3e-9a43-1d2f3e4a5b6c";

describe("explicit contexts", () => {
  it("asUser acts as authenticated with the user's claims, whatever role the claims name", () => {
    expect(asUser({ sub: USER, email: "kari@example.no", role: "service_role" })).toEqual({
      role: "authenticated",
      claims: { aud: "authenticated", sub: USER, email: "kari@example.no", role: "authenticated" },
    });
  });

  it("asServiceRole and asAnon carry their role as the role claim", () => {
    expect(asServiceRole()).toEqual({ role: "service_role", claims: { role: "service_role" } });
    expect(asAnon()).toEqual({ role: "anon", claims: { role: "anon" } });
  });

  it("contextFromClaims takes the role claim, anon when absent, and refuses other roles", () => {
    expect(contextFromClaims({ sub: USER, role: "authenticated" })._unsafeUnwrap().role).toBe("authenticated");
    expect(contextFromClaims({ sub: USER })._unsafeUnwrap().role).toBe("anon");
    expect(contextFromClaims({ role: "postgres" })._unsafeUnwrapErr()).toMatchObject({ kind: "query", reason: "unauthenticated", code: "PGRST303" });
  });
});
