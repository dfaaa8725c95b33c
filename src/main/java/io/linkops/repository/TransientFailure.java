package io.linkops.repository;

import com.fasterxml.jackson.core.JacksonException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Recognises failures of a dependency (database, broker) that pass by themselves: retry, do not give up. */
public final class TransientFailure {

    private static final String POOL_CLOSED = "Pool closed";

    private TransientFailure() {
    }

    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // Any I/O failure on the way to a dependency (connection reset, broken pipe, refused) passes with it.
            if (t instanceof IOException && !(t instanceof JacksonException) || t instanceof ClosedConnectionException
                    || t instanceof TimeoutException || t instanceof NoStackTraceTimeoutException) {
                return true;
            }
            if (t instanceof PgException pg && isTransientState(pg.getSqlState())) {
                return true;
            }
            // A pool closing under a worker that is shutting down: its batch is not acknowledged, so another worker
            // takes it; recording its items as failed would be wrong.
            if (isPoolClosedItself(t)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the database pool was closed under the caller: the process is stopping. */
    public static boolean isPoolClosed(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isPoolClosedItself(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPoolClosedItself(Throwable t) {
        return t instanceof NoStackTraceThrowable && POOL_CLOSED.equals(t.getMessage());
    }

    // 08: connection exceptions; 57P01-57P03: shutdown or start-up in progress; 53300: too many connections;
    // 40001/40P01: serialization failure and deadlock, which succeed on retry.
    private static boolean isTransientState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P") || sqlState.equals("53300")
                || sqlState.equals("40001") || sqlState.equals("40P01"));
    }
}
