-- A task has at most one target per owner unit, also when two people add it at once: the unit's key
-- (its region code, or i and the institution's id) is kept beside the two columns and is unique per task.
alter table task_target add column owner_key varchar(24);
update task_target set owner_key = coalesce(owner_region, 'i' || cast(owner_institution_id as varchar(20)));
alter table task_target alter column owner_key set not null;
alter table task_target add constraint task_target_one_per_unit unique (task_id, owner_key);
