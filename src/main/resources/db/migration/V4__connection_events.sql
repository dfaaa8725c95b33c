-- Outbox of connection events (provider.connection.created / .error), written in the transaction that changed the
-- connection and relayed to the events topic by workers: an event is published at least once, never lost.
create table connection_events (
    id         uuid primary key,
    team_id    uuid        not null,
    user_id    uuid        not null,
    event_type text        not null,
    payload    text        not null,
    created_at timestamptz not null default now()
);
create index connection_events_created_idx on connection_events (created_at);
