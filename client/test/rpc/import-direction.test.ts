/**
 * The client's imports point one way (README.md, "The generated RPC layer"):
 * repositories → rpc/ → the feature folders' row schemas → shared formats.
 * rpc/ checks every response with the row schemas, so a row schema that
 * imported rpc/, or anything that does (a repository), would close a loop.
 * The graph is read from the sources with TypeScript's own pre-processor:
 * every relative import and re-export, type-only ones included.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SOURCE_ROOT = resolve(import.meta.dirname, "../../src");

type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** Each source file (relative to src/, with `/`) and the source files it imports. */
function importGraphOf(root: string): ImportGraph {
  const name = (path: string) => relative(root, path).split(sep).join("/");
  const files = readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith(".ts"))
    .map((path) => resolve(root, path));
  return new Map(
    files.map((file) => {
      const imported = ts
        .preProcessFile(readFileSync(file, "utf8"), true, true)
        .importedFiles.map((reference) => reference.fileName)
        .filter((specifier) => specifier.startsWith("."))
        .map((specifier) => {
          const target = resolve(dirname(file), specifier);
          if (!existsSync(target)) throw new Error(`${name(file)} imports ${specifier}, which is not a file`);
          return name(target);
        });
      return [name(file), [...new Set(imported)]];
    }),
  );
}

/** One cycle as the files along it, its first file repeated at the end; null when there is none. */
function findCycle(graph: ImportGraph): string[] | null {
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (file: string): string[] | null => {
    if (onPath.has(file)) return [...path.slice(path.indexOf(file)), file];
    if (done.has(file)) return null;
    path.push(file);
    onPath.add(file);
    for (const next of graph.get(file) ?? []) {
      const cycle = visit(next);
      if (cycle !== null) return cycle;
    }
    path.pop();
    onPath.delete(file);
    done.add(file);
    return null;
  };
  for (const file of graph.keys()) {
    const cycle = visit(file);
    if (cycle !== null) return cycle;
  }
  return null;
}

/** Every file the given files import, directly or through others. */
function reachableFrom(graph: ImportGraph, starts: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const pending = starts.flatMap((file) => graph.get(file) ?? []);
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    pending.push(...(graph.get(file) ?? []));
  }
  return seen;
}

const isRpcLayer = (file: string) => file.startsWith("rpc/");

describe("the direction of the client's imports", () => {
  const graph = importGraphOf(SOURCE_ROOT);

  it("reads every source file and the row schemas rpc/ imports", () => {
    expect(graph.size).toBeGreaterThan(50);
    const featureFolders = new Set((graph.get("rpc/rpc-response-schemas.ts") ?? []).map((file) => file.split("/")[0]));
    expect([...featureFolders]).toEqual(expect.arrayContaining(["activities", "contacts", "members", "metrics", "organisations", "review", "summaries"]));
  });

  it("has no cycle", () => {
    expect(findCycle(graph)).toBeNull();
  });

  it("leaves rpc/ out of everything rpc/ imports: row schemas and shared formats never import it", () => {
    const rpcLayer = [...graph.keys()].filter(isRpcLayer);
    const backwards = [...reachableFrom(graph, rpcLayer)]
      .filter((file) => !isRpcLayer(file))
      .flatMap((file) => (graph.get(file) ?? []).filter(isRpcLayer).map((target) => `${file} → ${target}`));
    expect(backwards).toEqual([]);
  });

  it("would see a loop: the cycle finder reports one", () => {
    const looped: ImportGraph = new Map([
      ["rpc/rpc.ts", ["rpc/rpc-response-schemas.ts"]],
      ["rpc/rpc-response-schemas.ts", ["contacts/contact.ts"]],
      ["contacts/contact.ts", ["schemas/iso-date.ts", "contacts/contact-repository.ts"]],
      ["contacts/contact-repository.ts", ["rpc/rpc.ts"]],
      ["schemas/iso-date.ts", []],
    ]);
    expect(findCycle(looped)).toEqual(["rpc/rpc.ts", "rpc/rpc-response-schemas.ts", "contacts/contact.ts", "contacts/contact-repository.ts", "rpc/rpc.ts"]);
    expect(findCycle(new Map([...looped, ["contacts/contact-repository.ts", []]]))).toBeNull();
  });
});
