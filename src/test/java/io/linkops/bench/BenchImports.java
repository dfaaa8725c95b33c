package io.linkops.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.linkops.bench.BenchClient.Answer;
import io.linkops.bench.BenchClient.BenchTeam;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** What every benchmark shares: users made in the database, import bodies like real ones, timing an op, figures. */
final class BenchImports {

    private static final SecureRandom RANDOM = new SecureRandom();

    private BenchImports() {
    }

    /** Posts the body without waiting, then polls the op list until the op is terminal; checks it succeeded whole. */
    static ImportTiming timeImport(BenchClient client, BenchTeam team, byte[] body, int size)
            throws Exception {
        long start = System.nanoTime();
        Answer answer = client.bulkImport(team, body, false);
        Duration accepted = Duration.ofNanos(System.nanoTime() - start);
        if (answer.status() != 202) {
            throw new IllegalStateException("bulk_import answered " + answer.status() + ": " + answer.body());
        }
        String opId = answer.body().get("bulk_op_id").asText();
        JsonNode op;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        do {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("op " + opId + " not terminal within 10 minutes");
            }
            Thread.sleep(25); // polling interval of a measurement, not a synchronisation
            op = client.newestBulkOp(team);
            if (!opId.equals(op.get("id").asText())) {
                throw new IllegalStateException("another op of team " + team.id() + " started: " + op);
            }
        } while ("in_progress".equals(op.get("status").asText()));
        Duration terminal = Duration.ofNanos(System.nanoTime() - start);
        if (!"success".equals(op.get("status").asText()) || op.get("processed").asInt() != size) {
            throw new IllegalStateException("op " + opId + " ended " + op);
        }
        log(String.format(Locale.ROOT, "  %d connections: 202 after %s, terminal after %s", size,
                secondsText(accepted), secondsText(terminal)));
        return new ImportTiming(opId, accepted, terminal);
    }

    /** Time to the answer of a dry run of the body: it decides every connection and stores nothing. */
    static Duration timeDryRun(BenchClient client, BenchTeam team, byte[] body, int size) throws Exception {
        long start = System.nanoTime();
        Answer answer = client.bulkImport(team, body, false);
        Duration answered = Duration.ofNanos(System.nanoTime() - start);
        if (answer.status() != 200 || answer.body().get("user_ids_imported").size() != size) {
            throw new IllegalStateException("dry run answered " + answer.status() + ": " + answer.body());
        }
        log(String.format(Locale.ROOT, "  dry run of %d connections answered after %s", size,
                secondsText(answered)));
        return answered;
    }

    /** Users made directly in the database: set-up, not what is measured. */
    static List<UUID> createUsers(Floors floors, BenchTeam team, int count) throws Exception {
        try (Connection db = floors.connect(); PreparedStatement insert = db.prepareStatement(
                "insert into users (id, team_id, client_user_id, created_at) select gen_random_uuid(), ?, "
                        + "'bench-' || gen_random_uuid(), now() from generate_series(1, ?) g returning id")) {
            insert.setObject(1, team.id());
            insert.setInt(2, count);
            List<UUID> ids = new ArrayList<>(count);
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                }
            }
            return ids;
        }
    }


    /** A bulk_import body that does not wait for completion. */
    static byte[] importBody(List<UUID> users) throws Exception {
        return importBody(users, false);
    }


    /** A bulk_import body with token sizes like real OAuth tokens (a 160-character access token). */
    static byte[] importBody(List<UUID> users, boolean wait) throws Exception {
        return importBody(users, wait, false);
    }

    static byte[] importBody(List<UUID> users, boolean wait, boolean dryRun) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(users.size() * 420);
        try (JsonGenerator json = new JsonFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("provider", "fitbit");
            json.writeBooleanField("wait_for_completion", wait);
            if (dryRun) {
                json.writeBooleanField("dry_run", true);
            }
            json.writeArrayFieldStart("connections");
            for (UUID user : users) {
                json.writeStartObject();
                json.writeStringField("user_id", user.toString());
                json.writeStringField("access_token", token(120));
                json.writeStringField("refresh_token", token(48));
                json.writeStringField("provider_id", "ext-" + user);
                json.writeNumberField("expires_at", 1_900_000_000L);
                json.writeArrayFieldStart("oauth_scopes");
                json.writeString("activity");
                json.writeString("sleep");
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return bytes.toByteArray();
    }


    static String token(int randomBytes) {
        byte[] bytes = new byte[randomBytes];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }


    static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }


    static String secondsText(Duration duration) {
        return String.format(Locale.ROOT, "%.2f s", seconds(duration));
    }


    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1024.0 / 1024.0);
    }


    static void log(String message) {
        System.out.println("[bench] " + message);
    }


    /** When the 202 came and when the op became terminal, both from the request's start. */
    record ImportTiming(String opId, Duration accepted, Duration terminal) {
    }

    /** The SQL floor: the team's stored connection rows upserted again by the fastest raw path. */
    static Duration sqlFloor(Floors floors, BenchTeam team) throws Exception {
        List<UUID> userIds = new ArrayList<>();
        List<byte[]> access = new ArrayList<>();
        List<byte[]> refresh = new ArrayList<>();
        try (Connection db = floors.connect(); PreparedStatement select = db.prepareStatement(
                "select user_id, access_token, refresh_token from connections where team_id = ?")) {
            select.setObject(1, team.id());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    userIds.add(rows.getObject(1, UUID.class));
                    access.add(rows.getBytes(2));
                    refresh.add(rows.getBytes(3));
                }
            }
        }
        return floors.upsertFloor(team.id(), userIds, access, refresh);
    }
}
