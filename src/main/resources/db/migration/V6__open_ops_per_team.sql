-- Counts a team's open ops when it starts another, so the per-team limit costs an index probe, not a scan.
create index bulk_ops_team_open_idx on bulk_ops (team_id) where status = 'in_progress';
