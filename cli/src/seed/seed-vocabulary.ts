/**
 * The small, fixed word lists the dataset generator draws from. Names are
 * Norwegian-looking but synthetic: every person is a combination of one first
 * and one last name below, so no seeded row describes a real person.
 */

/**
 * First names, drawn by hash.
 *
 * @example
 * FIRST_NAMES[0] // "Kari"
 */
export const FIRST_NAMES: readonly string[] = [
  "Kari", "Ola", "Ingrid", "Per", "Sigrid", "Nils", "Anne", "Jon", "Eva", "Lars", "Marit", "Knut",
  "Astrid", "Bjørn", "Solveig", "Tor", "Hilde", "Erik", "Liv", "Arne", "Ragnhild", "Geir", "Tone", "Håkon",
];

/**
 * Last names, drawn by hash.
 *
 * @example
 * LAST_NAMES[0] // "Nordmann"
 */
export const LAST_NAMES: readonly string[] = [
  "Nordmann", "Hansen", "Berg", "Johansen", "Lie", "Dahl", "Bakke", "Strand", "Moen", "Olsen",
  "Larsen", "Haugen", "Eide", "Solberg", "Lund", "Aasen", "Brekke", "Sæther", "Holm", "Vik",
];

/**
 * A municipality of the 2024 code list.
 *
 * @example
 * const bergen: Municipality = { code: "4601", name: "Bergen" };
 */
export interface Municipality {
  /** Four digits; the first two are the county. */
  readonly code: string;
  readonly name: string;
}

/**
 * Real municipality numbers of the 2024 code list (valid from 1.1.2024). Organisation
 * n is based in municipality n (cycling), which also names it.
 *
 * @example
 * MUNICIPALITIES[0] // { code: "0301", name: "Oslo" }
 */
export const MUNICIPALITIES: readonly Municipality[] = [
  { code: "0301", name: "Oslo" },
  { code: "4601", name: "Bergen" },
  { code: "5001", name: "Trondheim" },
  { code: "1103", name: "Stavanger" },
  { code: "3301", name: "Drammen" },
  { code: "4204", name: "Kristiansand" },
  { code: "5501", name: "Tromsø" },
];

/**
 * The code-list version stored next to every seeded municipality code.
 *
 * @example
 * MUNICIPALITY_CODE_VERSION // "2024"
 */
export const MUNICIPALITY_CODE_VERSION = "2024";
