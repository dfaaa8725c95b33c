package io.linkops.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkops.domain.ConnectionEvent;
import io.smallrye.reactive.messaging.kafka.Record;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Compact outbox lines become events in Junction's shape, with event ids that survive a second relay. */
class CreatedEventLinesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID TEAM = UUID.randomUUID();

    @Test
    void everyLineBecomesAnEventKeyedByItsUser() throws Exception {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String tricky = "a \"quoted\"\nname \\ é";
        ConnectionEvent row = row("fitbit", first + " " + JSON.writeValueAsString("plain") + "\n" + second + " "
                + JSON.writeValueAsString(tricky));

        List<Record<String, String>> events = CreatedEventLines.expand(row);

        assertEquals(2, events.size());
        assertEquals(first.toString(), events.get(0).key());
        JsonNode event = JSON.readTree(events.get(1).value());
        assertEquals(second.toString(), events.get(1).key());
        assertEquals("provider.connection.created", event.get("event_type").asText());
        assertEquals(TEAM.toString(), event.get("team_id").asText());
        assertEquals(second.toString(), event.get("user_id").asText());
        assertEquals(tricky, event.get("client_user_id").asText());
        assertEquals(second.toString(), event.get("data").get("user_id").asText());
        assertEquals("Fitbit", event.get("data").get("provider").get("name").asText());
        assertEquals("fitbit", event.get("data").get("provider").get("slug").asText());
        assertEquals("https://storage.googleapis.com/vital-assets/fitbit.png",
                event.get("data").get("provider").get("logo").asText());
        assertTrue(event.get("data").get("resource_availability").isObject());
        assertEquals(6, event.size(), "event_id, event_type, team_id, user_id, client_user_id, data");
    }

    @Test
    void aRowRelayedAgainPublishesTheSameEventIdsAndEveryLineHasItsOwn() throws Exception {
        StringBuilder payload = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            payload.append(i == 0 ? "" : "\n").append(UUID.randomUUID()).append(" \"c").append(i).append('"');
        }
        ConnectionEvent row = row("oura", payload.toString());
        ConnectionEvent otherRow = row("oura", payload.toString());

        List<String> once = eventIds(CreatedEventLines.expand(row));
        List<String> again = eventIds(CreatedEventLines.expand(row));
        List<String> other = eventIds(CreatedEventLines.expand(otherRow));

        assertEquals(once, again);
        Set<String> distinct = new HashSet<>(once);
        distinct.addAll(other);
        assertEquals(800, distinct.size(), "no two lines of any row share an event id");
        assertNotEquals(once.get(0), other.get(0));
    }

    @Test
    void aRowThatIsNotCompactLinesOfAKnownProviderIsRefused() throws Exception {
        String line = UUID.randomUUID() + " \"client\"";
        assertThrows(IllegalArgumentException.class, () -> CreatedEventLines.expand(row("no_such_provider", line)));
        assertThrows(IllegalArgumentException.class, () -> CreatedEventLines.expand(row("oura", "not-a-uuid \"c\"")));
        assertThrows(IllegalArgumentException.class, () -> CreatedEventLines.expand(row("oura",
                UUID.randomUUID() + " {\"event_id\":1}")));
        assertThrows(IllegalArgumentException.class, () -> CreatedEventLines.expand(row("oura",
                UUID.randomUUID().toString())));
    }

    private static ConnectionEvent row(String provider, String payload) {
        return new ConnectionEvent(UUID.randomUUID(), TEAM, null, "provider.connection.created", provider, payload);
    }

    private static List<String> eventIds(List<Record<String, String>> events) throws Exception {
        List<String> ids = new ArrayList<>();
        for (Record<String, String> event : events) {
            ids.add(JSON.readTree(event.value()).get("event_id").asText());
        }
        return ids;
    }
}
