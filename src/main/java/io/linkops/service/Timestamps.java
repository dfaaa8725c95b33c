package io.linkops.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The current instant at PostgreSQL's precision, so what is stored is what was returned. */
public final class Timestamps {

    private Timestamps() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
