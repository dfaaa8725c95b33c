-- A background operation over many connections. enqueue_state says whether its Kafka records were committed:
-- an op left 'pending' past the producer's transaction timeout never had visible records and is aborted.
create table bulk_ops (
    id            uuid primary key,
    team_id       uuid        not null references teams (id) on delete cascade,
    type          text        not null,
    provider      text        not null,
    status        text        not null,
    enqueue_state text        not null,
    size          integer     not null,
    processed     integer     not null default 0,
    failed        integer     not null default 0,
    started_at    timestamptz not null,
    ended_at      timestamptz,
    constraint bulk_ops_type_ck check (type in ('link_bulk_import', 'link_bulk_historical_trigger')),
    constraint bulk_ops_status_ck check (status in ('in_progress', 'success', 'failure', 'aborted')),
    constraint bulk_ops_enqueue_state_ck check (enqueue_state in ('pending', 'committed')),
    constraint bulk_ops_counts_ck check (processed >= 0 and failed >= 0 and failed <= processed and processed <= size)
);
create index bulk_ops_team_started_idx on bulk_ops (team_id, started_at desc, id desc);
create index bulk_ops_unconfirmed_idx on bulk_ops (started_at) where enqueue_state = 'pending' and status = 'in_progress';

-- The outcome of one item of an op; its primary key makes a redelivered record change nothing.
create table bulk_op_items (
    op_id         uuid        not null references bulk_ops (id) on delete cascade,
    item_index    integer     not null,
    user_id       uuid        not null,
    succeeded     boolean     not null,
    error_type    text,
    error_message text,
    recorded_at   timestamptz not null,
    primary key (op_id, item_index)
);
