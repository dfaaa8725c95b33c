package io.linkops.domain;

import java.time.Instant;
import java.util.UUID;

/** A position in a team's op list, newest first: the last op of the previous page. */
public record BulkOpCursor(Instant startedAt, UUID id) {
}
