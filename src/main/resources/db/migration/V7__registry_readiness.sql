-- Exit readiness of a household in a year, stored instead of computed from all its members at every
-- read of the household list. Only the members' part is stored: every member in basic medical
-- insurance, and no child of school age (7 to 15 years old on 1 September of the year) out of school,
-- as ExitPolicy judges it. It changes only when an import replaces the year's members, and the import
-- writes it with them. Income against the poverty line, safe housing and safe water stay in the row
-- and are compared when read, because a poverty line may still be corrected after the import.
alter table household_year add column members_ready boolean;

update household_year hy set members_ready = case
    when exists (select 1 from membership m where m.household_id = hy.household_id and m.reg_year = hy.reg_year
                 and (m.medical_insurance is null or m.medical_insurance = false)) then false
    when exists (select 1 from membership m join person pe on pe.id = m.person_id
                 where m.household_id = hy.household_id and m.reg_year = hy.reg_year
                   and pe.birth_date <= cast(cast(hy.reg_year - 7 as varchar(4)) || '-09-01' as date)
                   and pe.birth_date > cast(cast(hy.reg_year - 16 as varchar(4)) || '-09-01' as date)
                   and (m.student_status is null or m.student_status in ('辍学', '非在校生'))) then false
    else true end;

alter table household_year alter column members_ready set not null;

-- The household list reads a year's households of a place in the order of village and household
-- number, a page at a time: an index in that order lets a page be read without sorting the year.
create index household_year_village on household_year (reg_year, village_code);
