-- The gaps pass over a place's registered households in the registry's order and skip those reached,
-- holding the reached households of the place (with their people reached) in memory: this index gives
-- them from the index alone, without reading the rows.
create index reach_household_gap on reach_household (reg_year, county_code, household_id, people);
