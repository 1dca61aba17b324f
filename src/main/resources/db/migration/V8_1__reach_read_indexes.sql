-- Reach and coverage are read per year and county. These two indexes carry every column those reads need,
-- so that PostgreSQL answers a county's figures from the index alone (an index-only scan) instead of
-- visiting each row. The new reach index starts with the columns of reach_person_scope, which it replaces.
create index reach_person_read on reach_person (reg_year, county_code, household_id, by_fund, by_industry, by_labor,
                                                by_training, by_consumption, by_social, measures);
drop index reach_person_scope;
create index household_year_members on household_year (reg_year, county_code, household_id, member_count);
