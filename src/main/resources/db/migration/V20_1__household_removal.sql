-- A household marked as removed from the registry for a year (deceased whole household, moved out, wrongly
-- registered, merged into another, or another reason with a note). The year's fact and members stay as the
-- registry holds them; a removed household-year no longer counts as registered. Kept apart from
-- household_year, which an import replaces, so a re-import of the year does not silently bring it back.
create table household_removal (
    household_id bigint       not null references household (id),
    reg_year     integer      not null,
    reason       varchar(30)  not null,
    note         varchar(500),
    removed_at   timestamp with time zone not null,
    removed_by   varchar(60)  not null,
    primary key (household_id, reg_year)
);
