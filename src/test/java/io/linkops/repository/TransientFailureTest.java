package io.linkops.repository;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Which failures a worker waits out and which it narrows down to an item. */
class TransientFailureTest {

    @Test
    void dependencyOutagesAndAClosingPoolAreWaitedOut() {
        assertTrue(TransientFailure.isCause(new CompletionException(new IOException("Connection reset"))));
        assertTrue(TransientFailure.isCause(new PgException("could not serialize", "ERROR", "40001", null)));
        assertTrue(TransientFailure.isCause(new PgException("terminating connection", "FATAL", "57P01", null)));
        assertTrue(TransientFailure.isCause(new RuntimeException(new NoStackTraceThrowable("Pool closed"))));
    }

    @Test
    void failuresOfTheDataAreNot() {
        assertFalse(TransientFailure.isCause(new JsonParseException(null, "unexpected character")));
        assertFalse(TransientFailure.isCause(new PgException("duplicate key", "ERROR", "23505", null)));
        assertFalse(TransientFailure.isCause(new NoStackTraceThrowable("something else")));
        assertFalse(TransientFailure.isCause(new IllegalArgumentException("bad index")));
    }

    @Test
    void aClosedPoolIsToldApartFromOtherFailures() {
        assertTrue(TransientFailure.isPoolClosed(new NoStackTraceThrowable("Pool closed")));
        assertTrue(TransientFailure.isPoolClosed(new CompletionException(new NoStackTraceThrowable("Pool closed"))));
        assertFalse(TransientFailure.isPoolClosed(new IOException("Connection reset")));
        assertFalse(TransientFailure.isPoolClosed(new NoStackTraceThrowable("Connection is not active")));
    }
}
