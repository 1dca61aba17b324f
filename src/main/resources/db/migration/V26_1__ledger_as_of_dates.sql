-- The money ledgers that had only a year get an optional date of their own, so that monthly figures
-- (funds disbursed in September, purchases in the first half) count a record in the month it happened.
-- A record without it counts in the month it was recorded.
alter table ledger_fund add column disbursed_on date;
alter table ledger_industry add column invested_on date;
alter table ledger_consumption add column purchased_on date;
alter table ledger_social add column donated_on date;
