import { describe, expect, it } from "vitest";
import { DEFAULT_SEED_OPTIONS, resolveSeedOptions } from "../../src/seed/index.ts";

describe("resolveSeedOptions", () => {
  it("fills in the demo-sized defaults", () => {
    expect(resolveSeedOptions()).toEqual({
      seed: "bufdir-demo",
      organisations: 2,
      mentorsPerOrganisation: 15,
      contactsPerOrganisation: 60,
      activitiesPerOrganisation: [1500, 1500],
      year: 2026,
      chunkSize: 10_000,
    });
    expect(DEFAULT_SEED_OPTIONS.activitiesPerOrganisation).toBe(1500);
  });

  it("takes a numeric seed as its decimal text and one activity count per organisation", () => {
    expect(resolveSeedOptions({ seed: 42, organisations: 3, activitiesPerOrganisation: [1_000_000, 10, 0] })).toMatchObject({
      seed: "42",
      activitiesPerOrganisation: [1_000_000, 10, 0],
    });
  });

  it.each([
    [{ organisations: 0 }, /organisations must be an integer from 1/],
    [{ mentorsPerOrganisation: 2 }, /mentorsPerOrganisation must be an integer from 3/],
    [{ contactsPerOrganisation: 9 }, /contactsPerOrganisation must be an integer from 10/],
    [{ activitiesPerOrganisation: 1.5 }, /activitiesPerOrganisation\[0\] must be an integer/],
    [{ activitiesPerOrganisation: [5, -1] }, /activitiesPerOrganisation\[1\]/],
    [{ activitiesPerOrganisation: [5] }, /lists 1 counts for 2 organisations/],
    [{ year: 2000 }, /year must be an integer from 2001 to 2100/],
    [{ chunkSize: 0 }, /chunkSize/],
    [{ seed: "" }, /seed must be a non-empty string/],
  ])("rejects %o, naming the option", (options, message) => {
    expect(() => resolveSeedOptions(options)).toThrow(RangeError);
    expect(() => resolveSeedOptions(options)).toThrow(message);
  });
});
