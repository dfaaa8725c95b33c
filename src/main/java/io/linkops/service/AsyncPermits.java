package io.linkops.service;

import io.smallrye.mutiny.Uni;
import java.util.ArrayDeque;
import java.util.Deque;

/** A semaphore for reactive code: a caller without a free permit waits in line without holding a thread. */
final class AsyncPermits {

    private final int limit;
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private int inUse;

    AsyncPermits(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a bound must allow at least one at a time: " + limit);
        }
        this.limit = limit;
    }

    /** Completes once a permit is held, in the order callers asked. */
    Uni<Void> acquire() {
        return Uni.createFrom().emitter(emitter -> {
            boolean granted;
            synchronized (this) {
                granted = inUse < limit;
                if (granted) {
                    inUse++;
                } else {
                    waiting.add(() -> emitter.complete(null));
                }
            }
            if (granted) {
                emitter.complete(null);
            }
        });
    }

    /** Hands the permit to the next caller in line, or frees it. */
    void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                if (inUse == 0) {
                    throw new IllegalStateException("released a permit nobody held");
                }
                inUse--;
            }
        }
        if (next != null) {
            next.run();
        }
    }

    synchronized int inUse() {
        return inUse;
    }

    synchronized int waiting() {
        return waiting.size();
    }
}
