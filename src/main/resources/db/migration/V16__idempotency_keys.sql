-- The Idempotency-Key of a bulk_import or bulk_trigger_historical_pull, per team: the op its first request started
-- and a SHA-256 of that request's body (never the body itself). What a repeated key answers is decided from the op's
-- row: still enqueuing (409), enqueue failed and nothing imported (the key is free again), or the op to answer with.
-- Rows older than the retention (24 h by default) are purged and their keys may start a new op.
create table idempotency_keys (
    team_id     uuid        not null references teams (id) on delete cascade,
    idem_key    text        not null,
    fingerprint bytea       not null,
    op_id       uuid        not null,
    created_at  timestamptz not null,
    primary key (team_id, idem_key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);
