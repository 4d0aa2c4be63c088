import { resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const projectRoot = resolve(import.meta.dirname, "../..");
const generated = resolve(projectRoot, "client/src/generated/database.types.ts");

/** Compiles a snippet that uses the generated type the way app code does. */
function compile(snippet: string): readonly ts.Diagnostic[] {
  const snippetPath = resolve(projectRoot, "client/test/__generated-usage__.ts");
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => (resolve(file) === snippetPath ? snippet : readFile(file));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => resolve(file) === snippetPath || fileExists(file);
  const program = ts.createProgram([snippetPath, generated], options, host);
  return ts.getPreEmitDiagnostics(program);
}

describe("generated Database type", () => {
  it("compiles and types a supabase-js client", () => {
    const diagnostics = compile(`
      import { createClient, type SupabaseClient } from "@supabase/supabase-js";
      import type { Database, Json } from "../src/generated/database.types.ts";
      const client: SupabaseClient<Database> = createClient<Database>("http://localhost", "key");
      const value: Json = { nested: [1, "two", null] };
      export { client, value };
    `);
    expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).toEqual([]);
  });

  it("rejects code that misuses it (the check is not vacuous)", () => {
    const diagnostics = compile(`
      import type { Json } from "../src/generated/database.types.ts";
      const value: Json = { when: new Date() };
      export { value };
    `);
    expect(diagnostics.length).toBeGreaterThan(0);
  });
});
