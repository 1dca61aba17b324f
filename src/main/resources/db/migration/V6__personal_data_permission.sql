-- Who may see ID and phone numbers unmasked: a permission of its own, granted by administrators.
alter table user_account add column personal_data boolean not null default false;
