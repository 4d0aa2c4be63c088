/**
 * The statement that creates a range of one organisation's contacts: synthetic
 * names from the word lists, a birth year, a phone number that cannot be real
 * (`+47 000 …`), an e-mail address on an example.* domain, and a municipality of
 * the 2024 code list (mostly the organisation's home municipality). Some fields
 * are left empty, as people do not always give them.
 */
import type pg from "pg";
import type { ResolvedSeedOptions } from "./seed-options.ts";
import { contactIdSql, emailSql, mentorEmailSql, organisationIdSql, userIdSql } from "./seed-people.ts";
import { hashInt, SEED_PARAM } from "./seed-sql.ts";
import { FIRST_NAMES, LAST_NAMES, MUNICIPALITIES, MUNICIPALITY_CODE_VERSION } from "./seed-vocabulary.ts";

/**
 * Contacts `from` .. `to` (1-based, inclusive) of organisation `organisation`,
 * in one statement. The organisation's roster must exist (contacts name the
 * member who registered them).
 *
 * @example
 * await client.query(contactsStatement(options, 1, 1, 60))
 */
export function contactsStatement(options: ResolvedSeedOptions, organisation: number, from: number, to: number): pg.QueryConfig {
  return {
    text: `
      with drawn as (
        select c,
               md5(${SEED_PARAM} || ':contact-fields:' || $2::int || ':' || c) as h,
               md5(${SEED_PARAM} || ':contact-record:' || $2::int || ':' || c) as hr
        from generate_series($5::int, $6::int) c
      ), named as (
        select d.*,
               ($7::text[])[1 + ${hashInt("d.h", 1, 4)} % cardinality($7::text[])] as first_name,
               ($8::text[])[1 + ${hashInt("d.h", 5, 4)} % cardinality($8::text[])] as last_name,
               ${hashInt("d.h", 20, 2)} as u_municipality
        from drawn d
      )
      insert into public.contacts
        (org_id, id, full_name, birth_year, phone, email, municipality_code, municipality_code_version,
         created_by, created_at, updated_at)
      select ${organisationIdSql("$2::int")},
             ${contactIdSql("$2::int", "n.c")},
             n.first_name || ' ' || n.last_name,
             case when ${hashInt("n.h", 9, 2)} < 20 then null else 1940 + ${hashInt("n.h", 11, 4)} % 68 end,
             case when ${hashInt("n.h", 15, 2)} < 77 then null
                  else '+47 000 ' || lpad($2::int::text, greatest(2, length($2::int::text)), '0')
                       || ' ' || lpad(n.c::text, greatest(3, length(n.c::text)), '0') end,
             case when ${hashInt("n.h", 17, 2)} < 100 then null
                  else translate(lower(n.first_name || '.' || n.last_name), 'æøå', 'aoa') || '.' || n.c
                       || '@example.' || (array['org', 'net', 'com'])[1 + ${hashInt("n.h", 19, 1)} % 3] end,
             m.code, case when m.code is not null then $10::text end,
             case when ${hashInt("n.hr", 1, 2)} < 128
                  then ${userIdSql(emailSql("$2::int", "'coordinator'", "0"))}
                  else ${userIdSql(mentorEmailSql("$2::int", `(1 + ${hashInt("n.hr", 3, 4)} % $3::int)`, "$3::int"))} end,
             make_timestamptz($4::int - 1, 1, 1, 10, 0, 0, 'UTC') + ${hashInt("n.hr", 7, 4)} % 365 * interval '1 day',
             make_timestamptz($4::int - 1, 1, 1, 10, 0, 0, 'UTC') + ${hashInt("n.hr", 7, 4)} % 365 * interval '1 day'
      from named n
      cross join lateral (
        -- About one in ten gives no municipality; three in four of the others live in the home municipality.
        select case when n.u_municipality < 25 then null
                    when ${hashInt("n.h", 22, 2)} < 192 then ($9::text[])[1 + ($2::int - 1) % cardinality($9::text[])]
                    else ($9::text[])[1 + ${hashInt("n.h", 24, 2)} % cardinality($9::text[])] end as code
      ) m`,
    values: [
      options.seed, organisation, options.mentorsPerOrganisation, options.year, from, to,
      FIRST_NAMES, LAST_NAMES, MUNICIPALITIES.map((m) => m.code), MUNICIPALITY_CODE_VERSION,
    ],
  };
}
