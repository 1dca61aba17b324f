-- A checked (dry) ledger import is applied once: when, and as which run. A second apply is refused.
alter table ledger_import add column applied_at timestamp with time zone;
alter table ledger_import add column applied_as bigint;
