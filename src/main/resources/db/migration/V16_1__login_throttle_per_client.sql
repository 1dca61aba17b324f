-- Sign-in throttling by name and client together, and by client alone (issue 11): a name's failures
-- lock only the client that caused them, so nobody can lock another person's account from elsewhere.
-- The old counts (by name alone) are dropped with their table: at worst a lock ends early.
drop table login_throttle;

create table login_throttle (
    username     varchar(60) not null,
    client       varchar(64) not null,
    failures     integer     not null,
    locked_until timestamp with time zone,
    primary key (username, client)
);

create table login_throttle_client (
    client       varchar(64) primary key,
    failures     integer     not null,
    last_failure timestamp with time zone not null,
    locked_until timestamp with time zone
);
