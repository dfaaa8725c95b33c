package io.linkops.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkops.domain.Provider;
import io.linkops.testinfra.RealInfrastructure;
import io.linkops.testinfra.Teams;
import io.linkops.testinfra.Teams.TestTeam;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A large import batch's events are split over outbox rows small enough to stay out of humongous allocations, each
 * line holding a user id and its client user id (quotes and newlines included) as a JSON string.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class ConnectionEventRowsTest {

    @Inject
    ConnectionEventRepository events;

    @Inject
    Pool pool;

    @Inject
    ObjectMapper mapper;

    @Test
    void aBatchOfNineHundredEventsTakesThreeRowsWithEveryEventOnce() throws Exception {
        TestTeam team = Teams.create("event rows");
        Map<UUID, String> users = new LinkedHashMap<>();
        for (int i = 0; i < 900; i++) {
            users.put(UUID.randomUUID(), "client \"" + i + "\"\nline");
        }

        // Read inside the inserting transaction: the relay may take the rows as soon as they are committed.
        List<String> payloads = pool.withTransaction(connection -> events.connectionCreated(connection, team.id(),
                        Provider.OURA, users)
                .chain(() -> connection.preparedQuery("select payload from connection_events where team_id = $1 "
                        + "and event_type = 'provider.connection.created'").execute(Tuple.of(team.id())))
                .map(rows -> {
                    List<String> found = new ArrayList<>();
                    rows.forEach(row -> found.add(row.getString("payload")));
                    return found;
                }))
                .await().atMost(Duration.ofSeconds(30));

        assertEquals(3, payloads.size(), "rows of at most " + ConnectionEventRepository.EVENTS_PER_ROW + " events");
        Map<UUID, String> announced = new HashMap<>();
        for (String payload : payloads) {
            for (String line : payload.split("\n")) {
                int space = line.indexOf(' ');
                String clientUserId = mapper.readValue(line.substring(space + 1), String.class);
                assertNull(announced.put(UUID.fromString(line.substring(0, space)), clientUserId),
                        "announced once: " + line);
            }
        }
        assertEquals(users, announced);
    }
}
