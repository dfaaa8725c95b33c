package io.linkops.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Where a benchmark's processes find the database and broker, and where the jar and their logs are. */
record BenchStack(Path jar, Path logDirectory, String jdbcUrl, String dbUser, String dbPassword, String dbHost,
        int dbPort, String dbName, String kafkaBootstrap) {

    static final String ADMIN_KEY = "linkops-dev-admin-key-do-not-use-in-production";

    /**
     * The environment every service process gets: the local profile's defaults, this database and broker, and no
     * request-rate limit: the benchmarks measure the service, which a team's default rate would pace instead.
     */
    Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(Map.of("QUARKUS_PROFILE", "local", "LINKOPS_DB_HOST",
                dbHost, "LINKOPS_DB_PORT", String.valueOf(dbPort), "LINKOPS_DB_NAME", dbName, "LINKOPS_DB_USERNAME",
                dbUser, "LINKOPS_DB_PASSWORD", dbPassword, "KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap));
        environment.putAll(Map.of("LINKOPS_RATE_LIMITS_TEAM_PER_SECOND", "1000000", "LINKOPS_RATE_LIMITS_TEAM_BURST",
                "1000000", "LINKOPS_RATE_LIMITS_OPERATOR_PER_SECOND", "1000000",
                "LINKOPS_RATE_LIMITS_OPERATOR_BURST", "1000000"));
        return environment;
    }

    Floors floors() {
        return new Floors(jdbcUrl, dbUser, dbPassword, kafkaBootstrap);
    }
}
