-- Rule 2 compares the sets of mentors and contacts of a proxy entry and a direct
-- one. The activity-set functions sum this term over each set: equal sets have
-- equal fingerprints whatever their order, so twins are found by hashed lookups
-- on the fingerprints before private.rule2_twins compares the sets exactly.
-- A SQL-standard body with no settings: PostgreSQL inlines it.
create or replace function private.rule2_fingerprint_term(member uuid) returns integer
    language sql immutable parallel safe
    return pg_catalog.uuid_hash(member);

comment on function private.rule2_fingerprint_term(member uuid) is 'Rule 2: one member''s term of a set''s order-free fingerprint (summed over the set); equal sets, equal sums. Inlined.';

revoke all on function private.rule2_fingerprint_term(member uuid) from public, anon, authenticated, service_role;
