-- Dispatchers and relays publish to Kafka outside any SQL transaction: a short transaction claims rows for a lease
-- (claim_id, claimed_until), the broker call follows, and a second short transaction records or deletes them. A
-- claim whose holder failed to publish is released; one whose holder died expires, and the rows go out again.
alter table historical_pull_queue add column claim_id uuid, add column claimed_until timestamptz;
alter table connection_events add column claim_id uuid, add column claimed_until timestamptz;
