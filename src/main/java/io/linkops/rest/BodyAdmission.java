package io.linkops.rest;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The room for request bodies one API process holds at once, in bytes. Requests are let in in arrival order while
 * their bodies fit; one larger than the whole room is let in alone. A request that waits holds no room.
 */
final class BodyAdmission {

    private final long capacity;
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    private long inUse;

    BodyAdmission(long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the room for request bodies must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Lets the request in now ({@code admitted} runs at once) or queues it; answers its place to cancel. */
    Waiting admit(long bytes, Runnable admitted) {
        Waiting request = new Waiting(bytes, admitted);
        boolean now;
        synchronized (this) {
            now = waiting.isEmpty() && fits(bytes);
            if (now) {
                inUse += bytes;
            } else {
                waiting.add(request);
            }
        }
        if (now) {
            admitted.run();
        }
        return request;
    }

    /** Gives back an admitted request's room and lets in those waiting that now fit. */
    void release(long bytes) {
        synchronized (this) {
            inUse -= bytes;
        }
        letInWhatFits();
    }

    /** Takes a request out of the line; false when it was already let in. */
    boolean cancel(Waiting request) {
        boolean removed;
        synchronized (this) {
            removed = waiting.remove(request);
        }
        if (removed) {
            letInWhatFits();
        }
        return removed;
    }

    synchronized long inUse() {
        return inUse;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    private void letInWhatFits() {
        while (true) {
            Waiting next;
            synchronized (this) {
                next = waiting.peek();
                if (next == null || !fits(next.bytes())) {
                    return;
                }
                waiting.poll();
                inUse += next.bytes();
            }
            next.admitted().run();
        }
    }

    private boolean fits(long bytes) {
        return inUse == 0 || inUse + bytes <= capacity;
    }

    /** A request in line, with the room it needs and what to do once it is let in. */
    record Waiting(long bytes, Runnable admitted) {

        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
