-- Reach keeps a household's row in step by recounting its people: "where reg_year = ? and household_id in (…)"
-- over reach_person. The read index starts with the county, so that recount visited every row of the year (on
-- H2 each of them compared with the whole list); this index finds the households' rows directly. Measured on the
-- demo's first start (bench/first-start.sh).
create index reach_person_household on reach_person (household_id, reg_year);
