package io.linkops.messaging;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * Asks a server whether it speaks TLS on a port: sends a TLS ClientHello and reads the first bytes of the answer. It
 * never completes a handshake, so it makes no trust decision and sends nothing but the greeting.
 */
public final class TlsProbe {

    /** What a server made of a TLS greeting. */
    public enum Answer {
        /** It answered with a TLS record (a ServerHello, or an alert). */
        TLS,
        /** It accepted the connection, then closed it or answered with something else: it does not speak TLS. */
        NOT_TLS,
        /** Nothing to judge by: the connection was refused or timed out, or no answer came in time. */
        NO_ANSWER
    }

    private static final int TLS_HANDSHAKE = 0x16;
    private static final int TLS_ALERT = 0x15;
    private static final int TLS_MAJOR_VERSION = 0x03;

    private TlsProbe() {
    }

    public static Answer ask(String host, int port, Duration timeout) {
        byte[] greeting;
        try {
            greeting = clientHello(host, port);
        } catch (SSLException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM cannot write a TLS greeting", e);
        }
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            } catch (IOException refusedOrUnreachable) {
                return Answer.NO_ANSWER;
            }
            return answerTo(socket, greeting, timeout);
        } catch (IOException closing) {
            return Answer.NO_ANSWER;
        }
    }

    private static Answer answerTo(Socket connected, byte[] greeting, Duration timeout) {
        try {
            connected.setSoTimeout((int) timeout.toMillis());
            connected.getOutputStream().write(greeting);
            connected.getOutputStream().flush();
            return classify(connected.getInputStream());
        } catch (SocketTimeoutException silent) {
            return Answer.NO_ANSWER;
        } catch (IOException reset) {
            // A server that accepted the connection and then dropped the greeting does not speak TLS there.
            return Answer.NOT_TLS;
        }
    }

    static Answer classify(InputStream answer) throws IOException {
        int contentType = answer.read();
        if (contentType == -1) {
            return Answer.NOT_TLS;
        }
        int majorVersion = answer.read();
        boolean tlsRecord = (contentType == TLS_HANDSHAKE || contentType == TLS_ALERT)
                && majorVersion == TLS_MAJOR_VERSION;
        return tlsRecord ? Answer.TLS : Answer.NOT_TLS;
    }

    private static byte[] clientHello(String host, int port) throws SSLException, NoSuchAlgorithmException {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine(host, port);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] greeting = new byte[out.remaining()];
        out.get(greeting);
        return greeting;
    }
}
