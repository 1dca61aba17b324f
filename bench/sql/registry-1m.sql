-- The registry of one year, 2018, at scale: 300,000 households (75,000 in each Liupanshui county 520201, 520203,
-- 520204, 520281, real village codes), 1,000,000 members, 133,000 ledger records of the six kinds that reach people,
-- and 3,000,000 beneficiary links (80 % of each county's members reached). Run on an empty, migrated database.
-- Used by bench/reach-vs-count-distinct.sh and bench/dispatch.sh.
create temp table bench_county (c int primary key, code varchar(6));
insert into bench_county values (0, '520201'), (1, '520203'), (2, '520204'), (3, '520281');
create temp table bench_village as
    select code, substr(code, 1, 6) as county, (row_number() over (partition by substr(code, 1, 6) order by code) - 1)::int as n,
           (count(*) over (partition by substr(code, 1, 6)))::int as total
    from region where length(code) = 12 and substr(code, 1, 6) in (select code from bench_county);

-- households 1..300000: county c holds 75000c+1 .. 75000(c+1); every third household has 4 members, the others 3,
-- so that county c holds exactly the members 250000c+1 .. 250000(c+1)
insert into household (id, county_code, household_no, village_code)
select h, bc.code, v.code || lpad(((h - 1) % 75000)::text, 5, '0'), v.code
from generate_series(1, 300000) h
join bench_county bc on bc.c = (h - 1) / 75000
join bench_village v on v.county = bc.code and v.n = ((h - 1) % 75000) % v.total;
insert into household_year (household_id, reg_year, county_code, village_code, poverty_attribute, main_cause, standard,
                            poverty_status, member_count, fact_hash, recorded_at, recorded_by, members_ready)
select id, 2018, county_code, village_code, '一般贫困户', '因病', '国家', '未脱贫', case when id % 3 = 0 then 4 else 3 end,
       md5(id::text), now(), 'bench', id % 2 = 0
from household;
insert into person (id, id_hash, id_cipher, id_masked, name, sex, birth_date)
select i, md5('bench-' || i), 'bench', '520201********' || lpad((i % 10000)::text, 4, '0'), '测试' || (i % 1000),
       case when i % 2 = 0 then 'F' else 'M' end, date '1950-01-01' + (i % 20000)
from generate_series(1, 1000000) i;
insert into membership (household_id, reg_year, person_id, county_code, relation)
select h.id, 2018, 3 * (h.id - 1) + (h.id - 1) / 3 + k + 1, h.county_code, case when k = 0 then '户主' else '其他' end
from household h cross join generate_series(0, 3) k
where k < case when h.id % 3 = 0 then 4 else 3 end;

-- the six kinds: links per county, links per record, and a step coprime with 200000 that spreads them
create temp table bench_kind (ledger varchar(20), per_county int, per_record int, step bigint, shift int);
insert into bench_kind values ('FUND', 187500, 100, 7919, 11), ('INDUSTRY', 112500, 100, 104729, 23),
    ('LABOR', 25000, 1, 48611, 37), ('TRAINING', 100000, 50, 3571, 41), ('CONSUMPTION', 175000, 100, 7907, 53),
    ('SOCIAL', 150000, 100, 15485863, 67);

-- records r = 1.. of each kind; record r is placed in county (r - 1) % 4
insert into ledger_fund (id, reg_year, place_code, owner_region, title, recorded_by, recorded_at, source, sector, benefit_kind, allocated, disbursed)
select r, 2018, bc.code, '2102', '产业扶贫项目 ' || r, 'bench', now(), 'CITY', 'AGRICULTURE', 'DIVIDEND', 100000 + (r % 100) * 1000, 100000 + (r % 100) * 1000
from generate_series(1, 7500) r join bench_county bc on bc.c = (r - 1) % 4;
insert into ledger_industry (id, reg_year, place_code, owner_region, title, recorded_by, recorded_at, park, invested, jobs)
select r, 2018, bc.code, '2102', '企业投资 ' || r, 'bench', now(), null, 1000000 + (r % 50) * 10000, 20
from generate_series(1, 4500) r join bench_county bc on bc.c = (r - 1) % 4;
insert into ledger_labor (id, reg_year, place_code, owner_region, title, recorded_by, recorded_at, destination, started_on, monthly_wage)
select r, 2018, bc.code, '2102', '用工单位 ' || (r % 500), 'bench', now(), 'EAST', date '2018-03-01', 4000
from generate_series(1, 100000) r join bench_county bc on bc.c = (r - 1) % 4;
insert into ledger_training (id, reg_year, place_code, owner_region, title, recorded_by, recorded_at, started_on, cost, participants)
select r, 2018, bc.code, '2102', '技能培训 ' || r, 'bench', now(), date '2018-05-01', 20000 + (r % 10) * 1000, 50
from generate_series(1, 8000) r join bench_county bc on bc.c = (r - 1) % 4;
insert into ledger_consumption (id, reg_year, place_code, owner_region, title, recorded_by, recorded_at, buyer, seller, channel, amount)
select r, 2018, bc.code, '2102', '消费扶贫 ' || r, 'bench', now(), '大连国一', '合作社', 'WHOLESALE', 50000 + (r % 20) * 1000
from generate_series(1, 7000) r join bench_county bc on bc.c = (r - 1) % 4;
insert into ledger_social (id, reg_year, place_code, owner_region, title, recorded_by, recorded_at, donor, form, amount)
select r, 2018, bc.code, '2102', '社会捐赠 ' || r, 'bench', now(), '爱心企业', 'CASH', 30000 + (r % 10) * 1000
from generate_series(1, 6000) r join bench_county bc on bc.c = (r - 1) % 4;

-- link j of a kind in county c goes to record 4(j / per_record) + c + 1 and to one of the county's first
-- 200000 members (distinct within the kind); the county's last 50000 members are reached by nothing
insert into beneficiary_link (ledger, record_id, person_id, household_id, county_code, reg_year, via_household)
select k.ledger, 4 * (g.j / k.per_record) + bc.c + 1, m.person_id, m.household_id, m.county_code, 2018, false
from bench_kind k
cross join bench_county bc
cross join lateral generate_series(0, k.per_county - 1) g(j)
join membership m on m.reg_year = 2018 and m.person_id = 250000 * bc.c + (g.j * k.step + k.shift) % 200000 + 1;

select setval(pg_get_serial_sequence('household', 'id'), 300000);
select setval(pg_get_serial_sequence('person', 'id'), 1000000);
select setval(pg_get_serial_sequence('ledger_fund', 'id'), 7500);
select setval(pg_get_serial_sequence('ledger_industry', 'id'), 4500);
select setval(pg_get_serial_sequence('ledger_labor', 'id'), 100000);
select setval(pg_get_serial_sequence('ledger_training', 'id'), 8000);
select setval(pg_get_serial_sequence('ledger_consumption', 'id'), 7000);
select setval(pg_get_serial_sequence('ledger_social', 'id'), 6000);
vacuum analyze;
