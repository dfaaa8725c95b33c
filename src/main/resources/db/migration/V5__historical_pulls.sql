-- Historical-pull items waiting for a throttle permit; published and recorded by a dispatcher, deleted after.
create table historical_pull_queue (
    op_id       uuid        not null references bulk_ops (id) on delete cascade,
    item_index  integer     not null,
    team_id     uuid        not null,
    user_id     uuid        not null,
    provider    text        not null,
    credential_id uuid      not null,
    enqueued_at timestamptz not null default now(),
    primary key (op_id, item_index)
);
create index historical_pull_queue_enqueued_idx on historical_pull_queue (enqueued_at);

-- One fixed-window counter per team credential and provider. Every replica takes permits through one atomic
-- statement on this row, so the rate holds across replicas.
create table pull_throttle (
    credential_id uuid        not null,
    provider      text        not null,
    window_start  timestamptz not null,
    used          integer     not null,
    primary key (credential_id, provider)
);
