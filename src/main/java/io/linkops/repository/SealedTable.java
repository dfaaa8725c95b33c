package io.linkops.repository;

import java.util.List;

/**
 * A table that stores ciphertexts, walked in primary-key order by re-encryption: how to read a batch after a key
 * (locking its rows) and how to write a column's new values back by key.
 */
public enum SealedTable {

    CONNECTIONS("connections", "00000000-0000-0000-0000-000000000000",
            "select id::text as k, team_id, user_id as owner_id, provider, access_token, refresh_token "
                    + "from connections where id > $1::uuid order by id limit $2 for update",
            "update connections t set %s = v.val from unnest($1::uuid[], $2::bytea[]) as v(k, val) where t.id = v.k",
            List.of("access_token", "refresh_token")),
    CUSTOM_CREDENTIALS("custom_credentials", "00000000-0000-0000-0000-000000000000",
            "select id::text as k, team_id, null::uuid as owner_id, provider, client_secret "
                    + "from custom_credentials where id > $1::uuid order by id limit $2 for update",
            "update custom_credentials t set %s = v.val from unnest($1::uuid[], $2::bytea[]) as v(k, val) "
                    + "where t.id = v.k",
            List.of("client_secret")),
    WEBHOOK_ENDPOINTS("webhook_endpoints", "00000000-0000-0000-0000-000000000000",
            "select id::text as k, team_id, id as owner_id, 'webhook' as provider, secret "
                    + "from webhook_endpoints where id > $1::uuid order by id limit $2 for update",
            "update webhook_endpoints t set %s = v.val from unnest($1::uuid[], $2::bytea[]) as v(k, val) "
                    + "where t.id = v.k",
            List.of("secret")),
    // Tokens a provider returned while an import verified them, sealed for the item's user until the item is applied.
    IMPORT_VERIFICATIONS("import_verifications", "",
            "select v.op_id::text || '/' || lpad(v.item_index::text, 10, '0') as k, o.team_id, "
                    + "u.user_ids[v.item_index + 1] as owner_id, o.provider, v.access_token, v.refresh_token "
                    + "from import_verifications v join bulk_ops o on o.id = v.op_id "
                    + "join bulk_op_users u on u.op_id = v.op_id "
                    + "where v.op_id::text || '/' || lpad(v.item_index::text, 10, '0') > $1 "
                    + "order by 1 limit $2 for update of v",
            "update import_verifications t set %s = v.val from unnest($1::text[], $2::bytea[]) as v(k, val) "
                    + "where t.op_id::text || '/' || lpad(t.item_index::text, 10, '0') = v.k",
            List.of("access_token", "refresh_token"));

    private final String tableName;
    private final String firstKey;
    private final String selectBatch;
    private final String updateColumn;
    private final List<String> columns;

    SealedTable(String tableName, String firstKey, String selectBatch, String updateColumn, List<String> columns) {
        this.tableName = tableName;
        this.firstKey = firstKey;
        this.selectBatch = selectBatch;
        this.updateColumn = updateColumn;
        this.columns = columns;
    }

    public String tableName() {
        return tableName;
    }

    /** A key that sorts before every row's. */
    public String firstKey() {
        return firstKey;
    }

    String selectBatch() {
        return selectBatch;
    }

    String update(String column) {
        return updateColumn.formatted(column);
    }

    List<String> columns() {
        return columns;
    }

    boolean keysAreUuids() {
        return this != IMPORT_VERIFICATIONS;
    }

    public static SealedTable named(String tableName) {
        for (SealedTable table : values()) {
            if (table.tableName.equals(tableName)) {
                return table;
            }
        }
        throw new IllegalArgumentException("no sealed table " + tableName);
    }
}
