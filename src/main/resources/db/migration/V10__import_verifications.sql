-- Verifying an imported connection spends its refresh token (refresh verification policy). An item is claimed here
-- before its provider call and the answer is kept as soon as it arrives, so a retried or split batch, a redelivery,
-- or a provider's 429 on another item reuses the answer instead of sending the token again, and a rotated pair is
-- never lost. A claim without an answer after a crash means the token may be spent: it is never sent again.
create table import_verifications (
    op_id         uuid        not null references bulk_ops (id) on delete cascade,
    item_index    integer     not null,
    claimed_at    timestamptz not null default now(),
    answered      boolean     not null default false,
    access_token  bytea,
    refresh_token bytea,
    expires_at    bigint,
    error_type    text,
    primary key (op_id, item_index)
);
