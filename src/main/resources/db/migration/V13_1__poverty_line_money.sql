-- shared.Money accepts any amount below 10 billion yuan; the poverty line's column was the one money
-- column too narrow for that (an amount the form accepted failed in the database instead)
alter table poverty_line alter column amount set data type numeric(12, 2);
