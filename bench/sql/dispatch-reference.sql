-- The figures of the dispatch report of September 2018, computed by plain SQL over the same tables: for every
-- metric a task of the 2018 list asks, its values month by month (January to September) for every helped
-- county and every recording side at once, and the year to date of the distinct counts. One statement per
-- metric, as a careful analyst would write them by hand; psql times each.
select substr(place_code, 1, 6), owner_region, owner_institution_id,
       extract(month from coalesce(disbursed_on, recorded_at)) m, sum(disbursed), sum(allocated)
from ledger_fund where reg_year = 2018 and extract(month from coalesce(disbursed_on, recorded_at)) <= 9 group by 1, 2, 3, 4;
select substr(place_code, 1, 6), owner_region, owner_institution_id, extract(month from coalesce(invested_on, recorded_at)) m,
       count(*), sum(invested)
from ledger_industry where reg_year = 2018 and extract(month from coalesce(invested_on, recorded_at)) <= 9 group by 1, 2, 3, 4;
select substr(place_code, 1, 6), owner_region, owner_institution_id, extract(month from started_on) m, count(*)
from ledger_labor where reg_year = 2018 and extract(month from started_on) <= 9 group by 1, 2, 3, 4;
select substr(place_code, 1, 6), owner_region, owner_institution_id, extract(month from coalesce(purchased_on, recorded_at)) m, sum(amount)
from ledger_consumption where reg_year = 2018 and extract(month from coalesce(purchased_on, recorded_at)) <= 9 group by 1, 2, 3, 4;
select substr(place_code, 1, 6), owner_region, owner_institution_id, extract(month from coalesce(donated_on, recorded_at)) m, sum(amount)
from ledger_social where reg_year = 2018 and extract(month from coalesce(donated_on, recorded_at)) <= 9 group by 1, 2, 3, 4;
select substr(place_code, 1, 6), owner_region, owner_institution_id, extract(month from started_on) m, count(*)
from ledger_personnel where extract(year from started_on) = 2018 and extract(month from started_on) <= 9 group by 1, 2, 3, 4;
select substr(place_code, 1, 6), owner_region, owner_institution_id, extract(month from held_on) m, count(*)
from ledger_meeting where extract(year from held_on) = 2018 and extract(month from held_on) <= 9 group by 1, 2, 3, 4;
-- people trained: distinct per month, and distinct over the year to date
select b.county_code, t.owner_region, extract(month from t.started_on) m, count(distinct b.person_id)
from beneficiary_link b join ledger_training t on t.id = b.record_id
where b.ledger = 'TRAINING' and t.reg_year = 2018 and extract(month from t.started_on) <= 9 group by 1, 2, 3;
select b.county_code, t.owner_region, count(distinct b.person_id)
from beneficiary_link b join ledger_training t on t.id = b.record_id
where b.ledger = 'TRAINING' and t.reg_year = 2018 and extract(month from t.started_on) <= 9 group by 1, 2;
-- registered poor reached and registered, by county
select county_code, count(*) from reach_person where reg_year = 2018 group by 1;
select county_code, sum(member_count) from household_year where reg_year = 2018 group by 1;
