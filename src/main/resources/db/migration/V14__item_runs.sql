-- Succeeded items of an import, recorded as runs of consecutive item indexes (never crossing a block of 500
-- indexes, the run of items dealt to one partition) instead of a row each: an item row per connection cost about a sixth of an import's time. The user of
-- each item comes from bulk_op_users; failed items keep a row each in bulk_op_items, with their reason. A recording
-- transaction locks the blocks its items fall in (advisory locks keyed by op and block), then reads back what those
-- blocks already hold, so a redelivered or concurrently delivered item is recorded and counted once.
create table bulk_op_item_runs (
    op_id       uuid    not null references bulk_ops (id) on delete cascade,
    first_index integer not null,
    last_index  integer not null,
    primary key (op_id, first_index),
    constraint bulk_op_item_runs_range_ck check (first_index >= 0 and last_index >= first_index
        and first_index / 500 = last_index / 500)
);
