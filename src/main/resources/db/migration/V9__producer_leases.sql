-- Transactional ids of the enqueue producers, each leased by the process that uses it and renewed while it lives.
-- When a process dies its leases expire and another process fences those ids (a producer started with the same id
-- aborts any transaction left open), so read_committed workers are held back seconds, not the transaction timeout.
create table producer_leases (
    transactional_id text        primary key,
    holder           uuid        not null,
    expires_at       timestamptz not null
);
create index producer_leases_holder_idx on producer_leases (holder);
