-- Token refresh bookkeeping: when a connection may next be tried after a provider asked us to back off, and how
-- many times in a row it has had to.
alter table connections add column refreshed_at timestamptz;
alter table connections add column refresh_attempts integer not null default 0;
alter table connections add column refresh_not_before timestamptz;
create index connections_refresh_due_idx on connections (expires_at) where status = 'connected';
