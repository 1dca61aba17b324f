-- What a registry import's dry run found it would change, per household: new households, changed facts
-- (field, old, new), members in and out and a new head, with masked ID numbers only. Stored with the run (in
-- the run's own transaction, as the dry run's writing is rolled back), at most a bounded number of items.
create table import_change (
    run_id       bigint       not null references import_run (id),
    seq          integer      not null,
    county_code  varchar(6)   not null,
    household_no varchar(40)  not null,
    reg_year     integer      not null,
    kind         varchar(12)  not null,
    field        varchar(40),
    before_value varchar(300),
    after_value  varchar(300),
    primary key (run_id, seq)
);
create index import_change_household on import_change (run_id, household_no);
