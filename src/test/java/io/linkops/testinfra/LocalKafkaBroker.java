package io.linkops.testinfra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

/** A single-node KRaft broker with its log under a fixed directory, so its topics survive a restart. */
final class LocalKafkaBroker implements AutoCloseable {

    private static final String CLUSTER_ID = "bGlua29wcy1sb2NhbC0x";

    private final KafkaRaftServer server;

    private LocalKafkaBroker(KafkaRaftServer server) {
        this.server = server;
    }

    static LocalKafkaBroker start(int port, int controllerPort, Path logDirectory) throws Exception {
        return start(port, controllerPort, 0, null, logDirectory);
    }

    /** As above, with an SSL listener on {@code sslPort} serving the keystore's certificate unless it is 0. */
    static LocalKafkaBroker start(int port, int controllerPort, int sslPort, Path keystore, Path logDirectory)
            throws Exception {
        Files.createDirectories(logDirectory);
        Properties properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", "1");
        properties.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String ssl = sslPort == 0 ? "" : ",SSL://127.0.0.1:" + sslPort;
        properties.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort
                + ssl);
        properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ssl);
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
                + (sslPort == 0 ? "" : ",SSL:SSL"));
        if (sslPort != 0) {
            properties.put("ssl.keystore.type", "PKCS12");
            properties.put("ssl.keystore.location", keystore.toAbsolutePath().toString());
            properties.put("ssl.keystore.password", TestCertificates.PASSWORD);
            properties.put("ssl.key.password", TestCertificates.PASSWORD);
        }
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("log.dirs", logDirectory.toAbsolutePath().toString());
        properties.putAll(SingleBrokerSettings.SETTINGS);
        Path config = logDirectory.resolveSibling("server.properties");
        try (var out = Files.newOutputStream(config)) {
            properties.store(out, "written by LocalKafkaBroker");
        }
        int formatted = StorageTool.execute(new String[] {"format", "--ignore-formatted", "-t", CLUSTER_ID, "-c",
                config.toString()}, System.out);
        if (formatted != 0) {
            throw new IllegalStateException("could not format the Kafka log directory " + logDirectory);
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(properties), Time.SYSTEM);
        server.startup();
        return new LocalKafkaBroker(server);
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
