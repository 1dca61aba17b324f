-- Issue 9, "one import kernel and one job runner": which process ran an import, so that the next start
-- finds the runs a stopped process left going and marks them interrupted; the ledger imports' runs get
-- the states the registry's have (ImportRunState), stored as each run begins and ends.
alter table import_run add column process_id varchar(36);

alter table ledger_import add column process_id varchar(36);
alter table ledger_import add column status varchar(20);
alter table ledger_import add column finished_at timestamp with time zone;
update ledger_import set status = case when message_key is not null then 'refused' when dry_run then 'checked' else 'applied' end;
alter table ledger_import alter column status set not null;
