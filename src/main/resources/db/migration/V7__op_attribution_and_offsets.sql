-- The user id submitted for each item of an op, in item order (written with the op). A worker that cannot read a
-- record still knows whose item it was, and an op whose records were all consumed can name the items that never
-- arrived. A table of its own keeps bulk_ops rows small for the list and count queries.
create table bulk_op_users (
    op_id    uuid   primary key references bulk_ops (id) on delete cascade,
    user_ids uuid[] not null
);

-- Where an op's records were committed: {"<partition>": <offset of its last record>} on its work topic. Once the
-- op's consumer group has committed past every one of them, no record of the op can still arrive.
alter table bulk_ops add column record_offsets jsonb;
create index bulk_ops_open_committed_idx on bulk_ops (started_at)
    where status = 'in_progress' and enqueue_state = 'committed';
