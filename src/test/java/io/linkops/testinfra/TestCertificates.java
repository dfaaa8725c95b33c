package io.linkops.testinfra;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority and a server certificate it signed for 127.0.0.1 and localhost, made with the
 * JDK's keytool: the CA as PEM (what clients trust), the server's key and chain as PKCS12 (Kafka) and as PEM files
 * (PostgreSQL).
 */
public record TestCertificates(Path caPem, Path serverKeystore, String password, Path serverCertPem,
        Path serverKeyPem) {

    static final String PASSWORD = "linkops-test-tls";

    /** Generates them under {@code directory}. */
    public static TestCertificates generate(Path directory) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Path ca = directory.resolve("ca.p12");
        Path caPem = directory.resolve("ca.pem");
        Path server = directory.resolve("server.p12");
        Path request = directory.resolve("server.csr");
        Path serverPem = directory.resolve("server.pem");
        for (Path stale : List.of(ca, caPem, server, request, serverPem)) {
            Files.deleteIfExists(stale);
        }
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=linkops test CA", "-ext", "bc:c", "-keystore", ca.toString(), "-storetype", "PKCS12");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caPem.toString());
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-keystore", server.toString(), "-storetype", "PKCS12");
        keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-file", request.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-infile", request.toString(),
                "-outfile", serverPem.toString(), "-validity", "2", "-ext", "san=ip:127.0.0.1,dns:localhost");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore",
                server.toString());
        keytool("-importcert", "-alias", "server", "-file", serverPem.toString(), "-keystore", server.toString());
        Path keyPem = directory.resolve("server.key");
        Files.deleteIfExists(keyPem);
        Files.writeString(keyPem, pem("PRIVATE KEY", privateKey(server).getEncoded()));
        // PostgreSQL refuses a key file others can read.
        Files.setPosixFilePermissions(keyPem, PosixFilePermissions.fromString("rw-------"));
        return new TestCertificates(caPem, server, PASSWORD, serverPem, keyPem);
    }

    private static Key privateKey(Path keystore) throws IOException {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return store.getKey("server", PASSWORD.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the generated keystore does not open", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storepass", PASSWORD));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
        }
    }
}
