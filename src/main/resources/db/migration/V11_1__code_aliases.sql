-- Other spellings of a code as national exports carry them (older wording, other names of the same
-- value). The lookup compares values after folding full-width characters and dropping spaces, so an
-- alias is stored folded. 'shipped' aliases come with the reference data (V11_2, where their sources
-- are named); 'mapped' ones were chosen by a coordinator from an import's unknown values.
create table code_alias (
    code_table varchar(40)  not null,
    alias      varchar(100) not null,
    code       varchar(40)  not null,
    origin     varchar(10)  not null,
    created_by varchar(60),
    created_at timestamp with time zone,
    primary key (code_table, alias),
    foreign key (code_table, code) references code_item (code_table, code)
);

-- The values of an import's code columns that no code table knew, grouped per column with the number
-- of rows that carried them and the first few of those rows, so a coordinator can map each once.
create table import_unknown_value (
    run_id        bigint       not null references import_run (id),
    seq           integer      not null,
    column_name   varchar(100) not null,
    code_table    varchar(40)  not null,
    shown_value   varchar(100) not null,
    row_count     integer      not null,
    example_lines varchar(200) not null,
    primary key (run_id, seq)
);
