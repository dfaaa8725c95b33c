package io.linkops.bench;

import io.linkops.testinfra.KafkaTopics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The floor the service is compared with: the same connection rows upserted with the fastest raw SQL path, and the
 * same Kafka records produced with a plain producer, on the same database and broker.
 */
final class Floors {

    static final String FLOOR_TABLE = "bench_floor_connections";
    static final String FLOOR_TOPIC = "linkops.bench-floor-imports";
    private static final int SQL_BATCH = 5000;

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String kafkaBootstrap;

    Floors(String jdbcUrl, String user, String password, String kafkaBootstrap) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.kafkaBootstrap = kafkaBootstrap;
    }

    Connection connect() throws Exception {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    /**
     * Upserts the rows into a table laid out like {@code connections} (same columns, constraints, indexes and
     * foreign keys) with {@code insert ... select from unnest(...)} in batches; answers the time taken.
     */
    Duration upsertFloor(UUID teamId, List<UUID> userIds, List<byte[]> accessTokens, List<byte[]> refreshTokens)
            throws Exception {
        try (Connection db = connect(); Statement ddl = db.createStatement()) {
            ddl.execute("drop table if exists " + FLOOR_TABLE);
            ddl.execute("create table " + FLOOR_TABLE + " (like connections including all)");
            ddl.execute("alter table " + FLOOR_TABLE + " add foreign key (team_id) references teams (id) "
                    + "on delete cascade, add foreign key (user_id) references users (id) on delete cascade, "
                    + "add foreign key (credential_id) references custom_credentials (id) on delete set null");
            String upsert = "insert into " + FLOOR_TABLE + " (id, team_id, user_id, provider, provider_user_id, "
                    + "credential_id, access_token, refresh_token, expires_at, oauth_scopes, status, created_at, "
                    + "updated_at) select gen_random_uuid(), ?, u, 'fitbit', p, null, a, r, e, s, 'connected', now(), "
                    + "now() from unnest(?::uuid[], ?::text[], ?::bytea[], ?::bytea[], ?::bigint[], ?::text[]) "
                    + "as t(u, p, a, r, e, s) on conflict (team_id, user_id, provider) do update set "
                    + "provider_user_id = excluded.provider_user_id, access_token = excluded.access_token, "
                    + "refresh_token = excluded.refresh_token, expires_at = excluded.expires_at, "
                    + "oauth_scopes = excluded.oauth_scopes, updated_at = excluded.updated_at";
            long start = System.nanoTime();
            try (PreparedStatement statement = db.prepareStatement(upsert)) {
                for (int from = 0; from < userIds.size(); from += SQL_BATCH) {
                    int to = Math.min(userIds.size(), from + SQL_BATCH);
                    int size = to - from;
                    Object[] providerIds = new Object[size];
                    Object[] expiries = new Object[size];
                    Object[] scopes = new Object[size];
                    for (int i = 0; i < size; i++) {
                        providerIds[i] = "ext-" + userIds.get(from + i);
                        expiries[i] = 1_900_000_000L;
                        scopes[i] = "[\"activity\",\"sleep\"]";
                    }
                    statement.setObject(1, teamId);
                    statement.setArray(2, db.createArrayOf("uuid", userIds.subList(from, to).toArray()));
                    statement.setArray(3, db.createArrayOf("text", providerIds));
                    statement.setArray(4, db.createArrayOf("bytea", accessTokens.subList(from, to).toArray(new byte[0][])));
                    statement.setArray(5, db.createArrayOf("bytea", refreshTokens.subList(from, to).toArray(new byte[0][])));
                    statement.setArray(6, db.createArrayOf("bigint", expiries));
                    statement.setArray(7, db.createArrayOf("text", scopes));
                    statement.executeUpdate();
                }
            }
            Duration taken = Duration.ofNanos(System.nanoTime() - start);
            ddl.execute("drop table " + FLOOR_TABLE);
            return taken;
        }
    }

    /** The op's records as workers read them, to produce the very same again. */
    List<ConsumerRecord<String, byte[]>> readRecords(String topic, String key) {
        return KafkaTopics.readAll(kafkaBootstrap, topic).stream().filter(record -> key.equals(record.key())).toList();
    }

    /**
     * Produces the records to a topic laid out like the import topic (same partition count) with a plain producer
     * at the durability the service asks for (acks=all, idempotent); answers the time until all are acknowledged.
     */
    Duration produceFloor(List<ConsumerRecord<String, byte[]>> records, int partitions) throws Exception {
        Properties admin = new Properties();
        admin.put("bootstrap.servers", kafkaBootstrap);
        try (Admin topics = Admin.create(admin)) {
            if (!topics.listTopics().names().get().contains(FLOOR_TOPIC)) {
                topics.createTopics(List.of(new NewTopic(FLOOR_TOPIC, partitions, (short) 1))).all()
                        .get(30, TimeUnit.SECONDS);
            }
        }
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 65536);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.partitionsFor(FLOOR_TOPIC);
            long start = System.nanoTime();
            for (ConsumerRecord<String, byte[]> record : records) {
                producer.send(new ProducerRecord<>(FLOOR_TOPIC, record.key(), record.value()));
            }
            producer.flush();
            return Duration.ofNanos(System.nanoTime() - start);
        }
    }
}
