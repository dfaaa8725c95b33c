package io.linkops.repository;

import io.linkops.domain.WebhookEndpoint;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The teams' webhook endpoints; every read and change is scoped to a team. */
@ApplicationScoped
public class WebhookEndpointRepository {

    private static final String COLUMNS = "id, team_id, url, event_types, disabled, disabled_reason, failing_since, "
            + "created_at";

    private final Pool pool;

    public WebhookEndpointRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(WebhookEndpoint endpoint, byte[] sealedSecret) {
        return pool.preparedQuery("insert into webhook_endpoints (id, team_id, url, event_types, secret, created_at) "
                        + "values ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.from(List.of(endpoint.id(), endpoint.teamId(), endpoint.url(),
                        endpoint.eventTypes().toArray(String[]::new), sealedSecret,
                        BulkOperationRepository.offset(endpoint.createdAt()))))
                .replaceWithVoid();
    }

    public Uni<List<WebhookEndpoint>> listInTeam(UUID teamId) {
        return pool.preparedQuery("select " + COLUMNS + " from webhook_endpoints where team_id = $1 "
                        + "order by created_at, id")
                .execute(Tuple.of(teamId))
                .map(WebhookEndpointRepository::all);
    }

    public Uni<WebhookEndpoint> findInTeam(UUID teamId, UUID id) {
        return pool.preparedQuery("select " + COLUMNS + " from webhook_endpoints where team_id = $1 and id = $2")
                .execute(Tuple.of(teamId, id))
                .map(WebhookEndpointRepository::first);
    }

    /** Deletes the endpoint and its pending deliveries; answers whether the team had it. */
    public Uni<Boolean> deleteInTeam(UUID teamId, UUID id) {
        return pool.preparedQuery("delete from webhook_endpoints where team_id = $1 and id = $2")
                .execute(Tuple.of(teamId, id))
                .map(rows -> rows.rowCount() > 0);
    }

    /** The operator's switch; enabling forgets the failures that disabled it. Answers the endpoint, or null. */
    public Uni<WebhookEndpoint> setDisabled(UUID teamId, UUID id, boolean disabled) {
        return pool.preparedQuery("update webhook_endpoints set disabled = $3, "
                        + "disabled_reason = case when $3 then 'operator' else null end, "
                        + "failing_since = case when $3 then failing_since else null end "
                        + "where team_id = $1 and id = $2 returning " + COLUMNS)
                .execute(Tuple.of(teamId, id, disabled))
                .map(WebhookEndpointRepository::first);
    }

    /** Teams with at least one enabled endpoint: the only ones whose events are fanned out. */
    public Uni<Set<UUID>> teamsWithEnabledEndpoints() {
        return pool.preparedQuery("select distinct team_id from webhook_endpoints where not disabled")
                .execute()
                .map(rows -> {
                    Set<UUID> teams = new HashSet<>();
                    rows.forEach(row -> teams.add(row.getUUID("team_id")));
                    return teams;
                });
    }

    /** The enabled endpoints of these teams, with the event types each takes. */
    public Uni<Map<UUID, List<WebhookEndpoint>>> enabledOf(Set<UUID> teamIds) {
        return pool.preparedQuery("select " + COLUMNS + " from webhook_endpoints where team_id = any($1) "
                        + "and not disabled")
                .execute(Tuple.of(teamIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, List<WebhookEndpoint>> byTeam = new HashMap<>();
                    all(rows).forEach(endpoint -> byTeam.computeIfAbsent(endpoint.teamId(), team -> new ArrayList<>())
                            .add(endpoint));
                    return byTeam;
                });
    }

    private static WebhookEndpoint first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? endpointOf(iterator.next()) : null;
    }

    private static List<WebhookEndpoint> all(RowSet<Row> rows) {
        List<WebhookEndpoint> endpoints = new ArrayList<>();
        rows.forEach(row -> endpoints.add(endpointOf(row)));
        return endpoints;
    }

    private static WebhookEndpoint endpointOf(Row row) {
        OffsetDateTime failing = row.getOffsetDateTime("failing_since");
        return new WebhookEndpoint(row.getUUID("id"), row.getUUID("team_id"), row.getString("url"),
                Arrays.asList(row.getArrayOfStrings("event_types")), row.getBoolean("disabled"),
                row.getString("disabled_reason"), failing == null ? null : failing.toInstant(),
                row.getOffsetDateTime("created_at").toInstant());
    }

    static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
