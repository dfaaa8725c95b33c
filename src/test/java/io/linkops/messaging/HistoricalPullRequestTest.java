package io.linkops.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.linkops.domain.Provider;
import io.linkops.domain.QueuedPull;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HistoricalPullRequestTest {

    @Test
    void everyPublicationOfAPullCarriesTheSameRequestIdAndOtherPullsOthers() {
        UUID op = UUID.randomUUID();
        QueuedPull pull = new QueuedPull(op, 7, UUID.randomUUID(), UUID.randomUUID(), Provider.FITBIT,
                UUID.randomUUID());
        // A later round (another dispatcher, another instance of the op id) rebuilds the request from the queue row.
        QueuedPull again = new QueuedPull(UUID.fromString(op.toString()), 7, pull.teamId(), pull.userId(),
                pull.provider(), pull.credentialId());

        UUID first = HistoricalPullRequest.of(pull, Instant.now()).requestId();
        assertEquals(first, HistoricalPullRequest.of(again, Instant.now().plusSeconds(600)).requestId());
        assertNotEquals(first, HistoricalPullRequest.requestIdOf(op, 8));
        assertNotEquals(first, HistoricalPullRequest.requestIdOf(UUID.randomUUID(), 7));
    }
}
