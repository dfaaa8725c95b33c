-- A team's webhook endpoints. The signing secret is sealed like tokens (AES-GCM, bound to the endpoint) and shown
-- to the team once. failing_since is when its deliveries began failing without a success since; one failing for
-- five days, or answering 410, is disabled (disabled_reason says why).
create table webhook_endpoints (
    id              uuid primary key,
    team_id         uuid        not null references teams (id) on delete cascade,
    url             text        not null,
    event_types     text[]      not null,
    secret          bytea       not null,
    disabled        boolean     not null default false,
    disabled_reason text,
    failing_since   timestamptz,
    created_at      timestamptz not null
);
create index webhook_endpoints_team_idx on webhook_endpoints (team_id);

-- One event to one endpoint: written once per (endpoint, event) whatever redelivery of the events topic, then
-- attempted on the fixed schedule until delivered or out of attempts. The payload is the event's JSON as sent.
-- Claims (claim_id, claimed_until) let several workers dispatch without sending one delivery twice at a time.
create table webhook_deliveries (
    id              uuid primary key,
    endpoint_id     uuid        not null references webhook_endpoints (id) on delete cascade,
    team_id         uuid        not null,
    event_id        uuid        not null,
    event_type      text        not null,
    payload         text        not null,
    status          text        not null default 'pending',
    attempts        integer     not null default 0,
    next_attempt_at timestamptz,
    claim_id        uuid,
    claimed_until   timestamptz,
    created_at      timestamptz not null,
    constraint webhook_deliveries_status_ck check (status in ('pending', 'delivered', 'failed')),
    constraint webhook_deliveries_once unique (endpoint_id, event_id)
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending';

-- Every attempt, for the team to list: the answer's status (null when none came), its latency, and when the next
-- attempt is due (null when none follows).
create table webhook_attempts (
    delivery_id     uuid        not null references webhook_deliveries (id) on delete cascade,
    attempt         integer     not null,
    endpoint_id     uuid        not null,
    status_code     integer,
    latency_ms      integer     not null,
    error           text,
    attempted_at    timestamptz not null,
    next_attempt_at timestamptz,
    primary key (delivery_id, attempt)
);
create index webhook_attempts_endpoint_idx on webhook_attempts (endpoint_id, attempted_at desc);

-- bulk_op.completed: written to the event outbox in the transaction that ends the op, whichever path ends it (a
-- worker's last batch, the reaper, a cancel, a dispatcher), but only for teams with an enabled endpoint, so teams
-- without webhooks pay nothing. The outbox row has the older batch format (a line: key, a space, the event's JSON),
-- which the relay publishes as it is, keyed by the op id.
create function bulk_op_completed_event() returns trigger language plpgsql as $$
declare
    event_id uuid := md5('bulk_op.completed:' || new.id::text)::uuid;
begin
    if exists (select 1 from webhook_endpoints e where e.team_id = new.team_id and not e.disabled
               and 'bulk_op.completed' = any (e.event_types)) then
        insert into connection_events (id, team_id, user_id, event_type, payload)
        values (event_id, new.team_id, null, 'bulk_op.completed', new.id::text || ' ' || json_build_object(
            'event_id', event_id, 'event_type', 'bulk_op.completed', 'team_id', new.team_id, 'user_id', null,
            'client_user_id', null, 'data', json_build_object('bulk_op_id', new.id, 'type', new.type,
                'provider', new.provider, 'status', new.status, 'processed', new.processed,
                'failed', new.failed))::text)
        on conflict (id) do nothing;
    end if;
    return null;
end;
$$;
create trigger bulk_ops_completed_event after update of status on bulk_ops for each row
    when (old.status = 'in_progress' and new.status <> 'in_progress') execute function bulk_op_completed_event();
