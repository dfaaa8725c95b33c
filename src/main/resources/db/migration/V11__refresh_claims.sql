-- Refresh claims, so that any number of workers refresh disjoint connections concurrently without holding a row lock
-- (or a pooled connection) across the provider call. A round first reserves a batch of due connections ('reserved':
-- nothing sent yet, so an expired reservation is simply free again); right before a refresh token goes to the provider
-- the row is claimed 'sending', committed. A 'sending' claim that outlives its lease belongs to a worker that died
-- mid-call: the provider may have consumed the token, so it is never sent again and the connection goes to error.
alter table connections add column refresh_claim_state text;
alter table connections add column refresh_claimed_by uuid;
alter table connections add column refresh_claimed_until timestamptz;
alter table connections add constraint connections_refresh_claim_state_ck
    check (refresh_claim_state in ('reserved', 'sending'));
create index connections_refresh_claims_idx on connections (refresh_claimed_until)
    where refresh_claim_state is not null;

-- A provider's 429 pauses refreshes under that team credential only, for every worker.
alter table custom_credentials add column refresh_paused_until timestamptz;
