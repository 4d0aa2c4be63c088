/**
 * How the postgres transport reads column values: like PostgREST's JSON where it
 * is safe, and stricter where JSON would lose information. Passed per query (and
 * per pool by createPostgresPool), never registered globally, so other pg users
 * in the same process keep node-postgres's defaults.
 */
import pg from "pg";

type Parser = (value: string) => unknown;

/** OIDs of the built-in types read differently from node-postgres's defaults. */
const OID = {
  bytea: 17,
  int8: 20,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  interval: 1186,
  numeric: 1700,
  byteaArray: 1001,
  int8Array: 1016,
  timestampArray: 1115,
  dateArray: 1182,
  timestamptzArray: 1185,
  intervalArray: 1187,
  numericArray: 1231,
} as const;

/** node-postgres's default parsers (read, never changed); its typings list only some OIDs. */
const defaultParser = pg.types.getTypeParser as (oid: number, format?: "text" | "binary") => Parser;
/** node-postgres's parser of text[] (OID 1009): splits any array literal into strings and nulls. */
const splitArray = defaultParser(1009, "text");

/**
 * A whole number within ±(2^53 − 1) becomes a number; anything else (larger
 * values, fractions, NaN) stays the exact text, which a safeInteger schema refuses.
 */
function integerOrText(value: string): number | string {
  if (!/^-?\d{1,16}$/.test(value)) return value;
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : value;
}

/** '2026-05-01 12:00:00.5+02' (ISO DateStyle) → '2026-05-01T12:00:00.5+02:00', as PostgREST writes it. */
function isoTimestamptz(value: string): string {
  const match = /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(?::(\d{2}))?(?::(\d{2}))?$/.exec(value);
  if (match === null) return value; // infinity, -infinity, BC dates: left as the server wrote them
  const [, date, time, hours, minutes, seconds] = match;
  return `${date}T${time}${hours}:${minutes ?? "00"}${seconds === undefined ? "" : `:${seconds}`}`;
}

/** '2026-05-01 12:00:00' → '2026-05-01T12:00:00'. */
function isoTimestamp(value: string): string {
  return /^\d{4,}-\d{2}-\d{2} \d/.test(value) ? value.replace(" ", "T") : value;
}

const text: Parser = (value) => value;

function arrayOf(element: Parser): Parser {
  const mapNested = (item: unknown): unknown =>
    Array.isArray(item) ? item.map(mapNested) : typeof item === "string" ? element(item) : item;
  return (value) => mapNested(splitArray(value));
}

const PARSERS: ReadonlyMap<number, Parser> = new Map<number, Parser>([
  // Dates stay 'YYYY-MM-DD' strings: a Date object would be shifted by the process's time zone.
  [OID.date, text],
  [OID.dateArray, arrayOf(text)],
  [OID.int8, integerOrText],
  [OID.int8Array, arrayOf(integerOrText)],
  [OID.numeric, integerOrText],
  [OID.numericArray, arrayOf(integerOrText)],
  [OID.timestamptz, isoTimestamptz],
  [OID.timestamptzArray, arrayOf(isoTimestamptz)],
  [OID.timestamp, isoTimestamp],
  [OID.timestampArray, arrayOf(isoTimestamp)],
  [OID.interval, text],
  [OID.intervalArray, arrayOf(text)],
  [OID.bytea, text],
  [OID.byteaArray, arrayOf(text)],
]);

/**
 * node-postgres `types` for a pool, client or query. Reads: date → 'YYYY-MM-DD';
 * int8 and numeric → a number only when it is a safe integer, else the exact
 * text; timestamptz → ISO 8601 with offset; timestamp → ISO 8601 without;
 * interval and bytea → text; json and jsonb → parsed (node-postgres's default).
 * The transport sets DateStyle to ISO for each call, which these parsers expect.
 *
 * @example
 * const pool = new pg.Pool({ connectionString, types: postgresTypeParsers });
 */
export const postgresTypeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format: "text" | "binary" = "text") => {
    const parser = format === "text" ? PARSERS.get(oid) : undefined;
    return parser ?? defaultParser(oid, format);
  }) as pg.CustomTypesConfig["getTypeParser"],
};
