/**
 * The generated RPC layer makes mistakes compile errors: must-not-compile/
 * holds calls of RPCs that do not exist, misspelt, missing and mistyped
 * arguments, a misspelt result field and response schemas that disagree with
 * the generated types. Each marked line must fail with its error code, and no
 * other line may fail (so the file is not simply broken).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const projectRoot = resolve(import.meta.dirname, "../../..");
const misuse = resolve(import.meta.dirname, "must-not-compile/rpc-misuse.ts");

function compilerOptions(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(resolve(projectRoot, "tsconfig.json"), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    },
  });
  if (parsed === undefined) throw new Error("tsconfig.json could not be read");
  return parsed.options;
}

/** `line: code` for every mark (`// error TSnnnn`) in the file, 1-based lines. */
function expectedErrors(path: string): string[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .flatMap((text, index) => {
      const mark = /\/\/ error (TS\d+)\s*$/.exec(text);
      return mark ? [`${index + 1}: ${mark[1]}`] : [];
    });
}

describe("the generated RPC layer under tsc", () => {
  it("refuses every marked misuse with its error, and nothing else", () => {
    const program = ts.createProgram([misuse], { ...compilerOptions(), noEmit: true });
    const source = program.getSourceFile(misuse)!;
    const diagnostics = ts.getPreEmitDiagnostics(program, source);
    const actual = diagnostics.map((diagnostic) => {
      const { line } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      return `${line + 1}: TS${diagnostic.code}`;
    });
    const expected = expectedErrors(misuse);
    expect(expected.length).toBeGreaterThanOrEqual(9);
    expect([...new Set(actual)].sort()).toEqual([...expected].sort());
  });
});
