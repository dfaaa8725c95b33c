-- Tenancy: every other row belongs to exactly one team.
create table teams (
    id                     uuid primary key,
    name                   text        not null,
    link_migration_enabled boolean     not null default false,
    created_at             timestamptz not null
);

-- API keys are stored only as a SHA-256 digest; key_prefix is the public half used to find and revoke a key.
create table api_keys (
    key_prefix text primary key,
    team_id    uuid        not null references teams (id) on delete cascade,
    key_hash   bytea       not null,
    created_at timestamptz not null,
    revoked_at timestamptz
);
create index api_keys_team_idx on api_keys (team_id);

-- A team's own OAuth app per provider ("Bring Your Own OAuth"); client_secret holds AES-GCM ciphertext.
create table custom_credentials (
    id                    uuid primary key,
    team_id               uuid        not null references teams (id) on delete cascade,
    provider              text        not null,
    client_id             text        not null,
    client_secret         bytea       not null,
    details               text,
    redirect_url_override text,
    created_at            timestamptz not null,
    updated_at            timestamptz not null,
    constraint custom_credentials_team_provider_uq unique (team_id, provider)
);

create table users (
    id                            uuid primary key,
    team_id                       uuid        not null references teams (id) on delete cascade,
    client_user_id                text        not null,
    fallback_time_zone            text,
    fallback_time_zone_updated_at timestamptz,
    fallback_birth_date           date,
    fallback_birth_date_updated_at timestamptz,
    ingestion_start               date,
    ingestion_end                 date,
    created_at                    timestamptz not null,
    constraint users_team_client_user_id_uq unique (team_id, client_user_id)
);
create index users_team_created_idx on users (team_id, created_at, id);

-- One live connection per team, user and provider; tokens hold AES-GCM ciphertext bound to that owner.
-- oauth_scopes keeps the submitted JSON array (or null) as text, so null and [] stay distinct.
create table connections (
    id               uuid primary key,
    team_id          uuid        not null references teams (id) on delete cascade,
    user_id          uuid        not null references users (id) on delete cascade,
    provider         text        not null,
    provider_user_id text        not null,
    credential_id    uuid        references custom_credentials (id) on delete set null,
    access_token     bytea       not null,
    refresh_token    bytea       not null,
    expires_at       bigint      not null,
    oauth_scopes     text,
    status           text        not null,
    error_type       text,
    error_message    text,
    errored_at       timestamptz,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    constraint connections_team_user_provider_uq unique (team_id, user_id, provider),
    constraint connections_team_provider_external_uq unique (team_id, provider, provider_user_id),
    constraint connections_status_ck check (status in ('connected', 'paused', 'error'))
);
create index connections_user_idx on connections (user_id);
