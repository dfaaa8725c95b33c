package io.linkops.messaging;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.linkops.domain.ConnectionEvent;
import io.linkops.domain.Provider;
import io.smallrye.reactive.messaging.kafka.Record;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes the {@code provider.connection.created} events of an import batch's compact outbox row, one record per line,
 * keyed by user id, in Junction's webhook shape. Each event's {@code event_id} is derived from the row id and the
 * line, so a row relayed twice publishes the same ids.
 */
final class CreatedEventLines {

    private static final String EVENT_TYPE = "provider.connection.created";

    private CreatedEventLines() {
    }

    /** The row's events, in line order; fails on a row that does not hold compact lines of a known provider. */
    static List<Record<String, String>> expand(ConnectionEvent row) {
        Provider provider = Provider.fromSlug(row.provider())
                .orElseThrow(() -> new IllegalArgumentException("unknown provider"));
        String providerJson = "{\"name\":" + quoted(provider.displayName()) + ",\"slug\":" + quoted(provider.slug())
                + ",\"logo\":" + quoted(provider.logoUrl()) + "}";
        String teamId = row.teamId().toString();
        List<Record<String, String>> events = new ArrayList<>();
        String[] lines = row.payload().split("\n");
        for (int line = 0; line < lines.length; line++) {
            String text = lines[line];
            int space = text.indexOf(' ');
            if (space < 1 || !isJsonString(text, space + 1)) {
                throw new IllegalArgumentException("a line without a user id and a client user id");
            }
            String userId = UUID.fromString(text.substring(0, space)).toString();
            String clientUserId = text.substring(space + 1);
            events.add(Record.of(userId, "{\"event_id\":\"" + eventId(row.id(), line) + "\",\"event_type\":\""
                    + EVENT_TYPE + "\",\"team_id\":\"" + teamId + "\",\"user_id\":\"" + userId
                    + "\",\"client_user_id\":" + clientUserId + ",\"data\":{\"user_id\":\"" + userId
                    + "\",\"provider\":" + providerJson + ",\"resource_availability\":{}}}"));
        }
        return events;
    }

    /** The event id of a line of an outbox row: the same for every relay of the row, distinct for every line. */
    static UUID eventId(UUID rowId, int line) {
        ByteBuffer name = ByteBuffer.allocate(20);
        name.putLong(rowId.getMostSignificantBits()).putLong(rowId.getLeastSignificantBits()).putInt(line);
        return UUID.nameUUIDFromBytes(name.array());
    }

    // The client user id comes from PostgreSQL's to_json, so it is a complete JSON string without raw newlines.
    private static boolean isJsonString(String text, int start) {
        return text.length() >= start + 2 && text.charAt(start) == '"' && text.charAt(text.length() - 1) == '"';
    }

    private static String quoted(String value) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
    }
}
