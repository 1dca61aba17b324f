-- One row per household and year reached by anything, kept in step with reach_person: which kinds of
-- measure reached any of its members and how many of them were reached. Households reached, in all
-- and by kind, are then counts over at most one row per household, with no grouping of people.
create table reach_household (
    reg_year       integer    not null,
    household_id   bigint     not null,
    county_code    varchar(6) not null,
    people         integer    not null,
    by_fund        smallint   not null,
    by_industry    smallint   not null,
    by_labor       smallint   not null,
    by_training    smallint   not null,
    by_consumption smallint   not null,
    by_social      smallint   not null,
    primary key (household_id, reg_year)
);
create index reach_household_read on reach_household (reg_year, county_code, by_fund, by_industry, by_labor, by_training,
                                                      by_consumption, by_social, people);
