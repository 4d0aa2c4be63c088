/**
 * How the report names things: English labels with the Norwegian terms in
 * parentheses, counties of the 2024 code list, and months.
 */

/**
 * Activity kinds, as the `activity_kind` enum names them.
 *
 * @example
 * ACTIVITY_KIND_LABELS.group_meeting // "Group meeting (samtalegruppe)"
 */
export const ACTIVITY_KIND_LABELS: Readonly<Record<string, string>> = {
  in_person_outreach: "In-person outreach (oppsøkende samtale)",
  phone_or_digital: "Phone or digital (telefon/digitalt)",
  group_meeting: "Group meeting (samtalegruppe)",
  mentor_course: "Mentor course (likepersonskurs)",
  other: "Other (annet)",
};

/**
 * Registration paths, as the `registration_path` enum names them.
 *
 * @example
 * REGISTRATION_PATH_LABELS.proxy // "Proxy, by a coordinator (på vegne av)"
 */
export const REGISTRATION_PATH_LABELS: Readonly<Record<string, string>> = {
  direct: "Direct, by the mentor (egenregistrert)",
  proxy: "Proxy, by a coordinator (på vegne av)",
  bulk: "Bulk, by a coordinator (samleregistrering)",
};

/**
 * Counties (fylker) of the 2024 code list, by the first two digits of a
 * municipality number.
 *
 * @example
 * COUNTY_NAMES["46"] // "Vestland"
 */
export const COUNTY_NAMES: Readonly<Record<string, string>> = {
  "03": "Oslo",
  "11": "Rogaland",
  "15": "Møre og Romsdal",
  "18": "Nordland",
  "31": "Østfold",
  "32": "Akershus",
  "33": "Buskerud",
  "34": "Innlandet",
  "39": "Vestfold",
  "40": "Telemark",
  "42": "Agder",
  "46": "Vestland",
  "50": "Trøndelag",
  "55": "Troms",
  "56": "Finnmark",
};

/**
 * What the snapshot calls activities without a municipality.
 *
 * @example
 * figures.activity_days_by_county[UNKNOWN_COUNTY] // activity-days with no municipality recorded
 */
export const UNKNOWN_COUNTY = "unknown";

/**
 * A county key of a snapshot as a label (not escaped).
 *
 * @example
 * countyLabel("46")      // "46 Vestland"
 * countyLabel("unknown") // "No municipality recorded"
 */
export function countyLabel(key: string): string {
  if (key === UNKNOWN_COUNTY) return "No municipality recorded";
  const name = COUNTY_NAMES[key];
  return name === undefined ? key : `${key} ${name}`;
}

/**
 * County keys in numeric order of their number, "unknown" last (object keys
 * would put "11".."56" before "03": integer-like keys come first in JavaScript).
 *
 * @example
 * ["unknown", "46", "03"].sort(compareCountyKeys) // ["03", "46", "unknown"]
 */
export function compareCountyKeys(a: string, b: string): number {
  const rank = (key: string) => (key === UNKNOWN_COUNTY ? Number.POSITIVE_INFINITY : /^\d+$/.test(key) ? Number(key) : Number.MAX_SAFE_INTEGER);
  return rank(a) - rank(b) || a.localeCompare(b);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH_NAMES = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

/**
 * A `YYYY-MM` key as a short or long month name, and its year.
 *
 * @example
 * monthLabel("2026-03")       // { short: "Mar", long: "March 2026", year: "2026" }
 */
export function monthLabel(key: string): { readonly short: string; readonly long: string; readonly year: string } {
  const match = /^(\d{4})-(\d{2})$/.exec(key);
  const month = match === null ? NaN : Number(match[2]) - 1;
  if (match === null || !(month >= 0 && month < 12)) throw new RangeError(`not a YYYY-MM month: ${key}`);
  return { short: MONTHS[month]!, long: `${MONTH_NAMES[month]!} ${match[1]!}`, year: match[1]! };
}
