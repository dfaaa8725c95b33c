package io.linkops.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TlsProbeTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    @Test
    void aServerThatAnswersWithATlsHandshakeRecordSpeaksTls() throws Exception {
        assertEquals(TlsProbe.Answer.TLS, askServerThatAnswers(new byte[] {0x16, 0x03, 0x03, 0x00, 0x7a}));
    }

    @Test
    void aServerThatAnswersWithATlsAlertSpeaksTls() throws Exception {
        assertEquals(TlsProbe.Answer.TLS, askServerThatAnswers(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28}));
    }

    @Test
    void aServerThatAnswersInPlainTextDoesNot() throws Exception {
        assertEquals(TlsProbe.Answer.NOT_TLS, askServerThatAnswers("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes()));
    }

    @Test
    void aServerThatClosesOnTheGreetingDoesNot() throws Exception {
        // What a plaintext Kafka listener does: it reads the greeting as an oversized request and closes.
        try (ServerSocket server = listen()) {
            Thread closer = started(() -> {
                try (Socket accepted = server.accept()) {
                    accepted.getInputStream().read(new byte[5]);
                } catch (IOException ignored) {
                    // the probe's side is what the test asserts
                }
            });
            assertEquals(TlsProbe.Answer.NOT_TLS, TlsProbe.ask("127.0.0.1", server.getLocalPort(), TIMEOUT));
            closer.join(TIMEOUT.toMillis() * 4);
        }
    }

    @Test
    void aPortNobodyListensOnGivesNoAnswer() throws Exception {
        int port;
        try (ServerSocket closed = listen()) {
            port = closed.getLocalPort();
        }
        assertEquals(TlsProbe.Answer.NO_ANSWER, TlsProbe.ask("127.0.0.1", port, TIMEOUT));
    }

    @Test
    void aServerThatSaysNothingGivesNoAnswer() throws Exception {
        try (ServerSocket server = listen()) {
            CountDownLatch probed = new CountDownLatch(1);
            Thread silent = started(() -> {
                try (Socket accepted = server.accept()) {
                    probed.await(10, TimeUnit.SECONDS);
                } catch (IOException | InterruptedException ignored) {
                    // the probe's side is what the test asserts
                }
            });
            assertEquals(TlsProbe.Answer.NO_ANSWER, TlsProbe.ask("127.0.0.1", server.getLocalPort(), TIMEOUT));
            probed.countDown();
            silent.join(TIMEOUT.toMillis() * 4);
        }
    }

    @Test
    void theGreetingIsATlsClientHello() throws Exception {
        try (ServerSocket server = listen()) {
            byte[] header = new byte[3];
            Thread reader = started(() -> {
                try (Socket accepted = server.accept()) {
                    InputStream in = accepted.getInputStream();
                    in.readNBytes(header, 0, header.length);
                } catch (IOException ignored) {
                    // asserted below through the header
                }
            });
            TlsProbe.ask("127.0.0.1", server.getLocalPort(), TIMEOUT);
            reader.join(TIMEOUT.toMillis() * 4);
            assertEquals(0x16, header[0], "a handshake record");
            assertEquals(0x03, header[1], "of TLS");
        }
    }

    private static TlsProbe.Answer askServerThatAnswers(byte[] answer) throws Exception {
        try (ServerSocket server = listen()) {
            Thread answering = started(() -> {
                try (Socket accepted = server.accept()) {
                    accepted.getInputStream().read(new byte[5]);
                    OutputStream out = accepted.getOutputStream();
                    out.write(answer);
                    out.flush();
                } catch (IOException ignored) {
                    // the probe's side is what the test asserts
                }
            });
            TlsProbe.Answer probed = TlsProbe.ask("127.0.0.1", server.getLocalPort(), TIMEOUT);
            answering.join(TIMEOUT.toMillis() * 4);
            return probed;
        }
    }

    private static Thread started(Runnable server) {
        Thread thread = new Thread(server, "fake-server");
        thread.start();
        return thread;
    }

    private static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }
}
