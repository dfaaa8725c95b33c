package io.linkops.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkops.domain.Provider;
import io.linkops.testinfra.Database;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A large import batch's events are split over outbox rows small enough to stay out of humongous allocations. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class ConnectionEventRowsTest {

    @Inject
    ConnectionEventRepository events;

    @Inject
    Pool pool;

    @Test
    void aBatchOfNineHundredEventsTakesThreeRowsWithEveryEventOnce() {
        TestTeam team = Teams.create("event rows");
        List<UUID> users = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            users.add(UUID.randomUUID());
        }
        Database.execute("insert into users (id, team_id, client_user_id, created_at) select u, ?, u::text, now() "
                + "from unnest(?::uuid[]) as t(u)", team.id(), users.toArray(UUID[]::new));

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
        Set<String> announced = new HashSet<>();
        for (String payload : payloads) {
            for (String line : payload.split("\n")) {
                assertTrue(announced.add(line.substring(0, line.indexOf(' '))), "announced once: " + line);
            }
        }
        assertEquals(users.stream().map(UUID::toString).collect(Collectors.toSet()), announced);
    }
}
