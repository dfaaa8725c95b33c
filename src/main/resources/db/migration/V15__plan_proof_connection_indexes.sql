-- A team the planner's statistics do not know yet (a new team's first large import, before autovacuum analyzes its
-- rows; with a handful of teams, all of them are in the statistics' common values) is estimated at one row. Lookups
-- by team and provider then chose any index led by (team_id, provider) as if it held one row, and scanned all of the
-- team's connections for every id they looked up: the provider-account owner lookup went quadratic in the op (a
-- statement still running after ten minutes in the million-connection benchmark), and so would the joins by user
-- of export, pause and historical pulls. No index of connections is led by team_id any more: each uniqueness is kept
-- by an index led by the id a lookup holds (a user, a provider account), and ON CONFLICT infers it from its columns.
-- Export pages walk (credential_id, id); the user_id-led index also serves the user_id foreign key, so the separate
-- user_id index goes.
create unique index connections_user_provider_team_uq on connections (user_id, provider, team_id);
create unique index connections_external_provider_team_uq on connections (provider_user_id, provider, team_id);
create index connections_credential_idx on connections (credential_id, id);
alter table connections drop constraint connections_team_user_provider_uq;
alter table connections drop constraint connections_team_provider_external_uq;
drop index connections_user_idx;
