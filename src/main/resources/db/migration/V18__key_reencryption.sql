-- Re-sealing stored secrets with the active encryption key, so an old key can be retired. A run walks each table
-- in primary-key order; its cursor (the table it is in and the last key done) commits with each batch, so a crash
-- resumes where the last batch ended. One run at a time.
create table key_reencryptions (
    id            uuid primary key,
    target_key_id text        not null,
    status        text        not null,
    table_name    text,
    after_key     text,
    resealed      bigint      not null default 0,
    started_at    timestamptz not null,
    finished_at   timestamptz,
    constraint key_reencryptions_status_ck check (status in ('running', 'done'))
);
create unique index key_reencryptions_one_running_uq on key_reencryptions ((true)) where status = 'running';

-- The id of the key that sealed a value: the header is a version byte, the id's length, then the id.
create function sealed_key_id(sealed bytea) returns text
    language sql immutable strict
    as $$ select convert_from(substring(sealed from 3 for get_byte(sealed, 1)), 'SQL_ASCII') $$;
