package io.linkops.testinfra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

/**
 * A real PostgreSQL server (embedded binaries) on a fixed port and data directory, so it can be stopped and started
 * again with its data, as an outage would.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "linkops";
    public static final String USERNAME = "linkops";
    public static final String PASSWORD = "linkops";

    private final int port;
    private final Path dataDirectory;
    private final Map<String, String> settings;
    private EmbeddedPostgres postgres;

    public PostgresServer(int port, Path dataDirectory) {
        this(port, dataDirectory, Map.of());
    }

    /** A server with these settings (postgresql.conf names) on top of the ones every server here has. */
    public PostgresServer(int port, Path dataDirectory, Map<String, String> settings) {
        this.port = port;
        this.dataDirectory = dataDirectory;
        this.settings = Map.copyOf(settings);
    }

    public synchronized void start() throws IOException, SQLException {
        if (postgres != null) {
            return;
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "off")
                // The default 10 s is not always enough on a busy 2-core machine (initdb of a fresh directory).
                .setPGStartupWait(Duration.ofSeconds(90));
        settings.forEach(builder::setServerConfig);
        postgres = builder.start();
        createApplicationDatabase();
    }

    public synchronized void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USERNAME, PASSWORD);
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private void createApplicationDatabase() throws SQLException {
        try (Connection admin = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
                Statement statement = admin.createStatement()) {
            try (ResultSet role = statement.executeQuery("select 1 from pg_roles where rolname = '" + USERNAME + "'")) {
                if (!role.next()) {
                    statement.execute("create role " + USERNAME + " login password '" + PASSWORD + "'");
                }
            }
            try (ResultSet db = statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (!db.next()) {
                    statement.execute("create database " + DATABASE + " owner " + USERNAME);
                }
            }
        }
    }
}
