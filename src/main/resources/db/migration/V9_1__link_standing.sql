-- Where a linked person stands in the registry of the measure's year. The registry's yearly adjustment
-- may take a person out of the household a measure reached them in: the link is kept (the measure did
-- reach them) and marked, and only REGISTERED links count in reach.
--   REGISTERED      a member of the link's household that year
--   NOT_REGISTERED  registered nowhere that year any more
--   LEFT_HOUSEHOLD  came with a household named as a whole, now registered in another household
alter table beneficiary_link add column standing varchar(20) default 'REGISTERED' not null;
alter table beneficiary_link add constraint beneficiary_link_standing_known
    check (standing in ('REGISTERED', 'NOT_REGISTERED', 'LEFT_HOUSEHOLD'));

-- the registry tells which households' members it wrote; the links of those households are found by them
create index beneficiary_link_household on beneficiary_link (household_id, reg_year);
-- people named by ID who stand marked are looked for again at every adjustment of their year: few rows
create index beneficiary_link_standing on beneficiary_link (reg_year, standing);
