package io.linkops.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkops.domain.WebhookEndpoint;
import io.linkops.repository.WebhookDeliveryRepository;
import io.linkops.repository.WebhookDeliveryRepository.NewDelivery;
import io.linkops.repository.WebhookEndpointRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Turns events read from the events topic into webhook deliveries, one per enabled endpoint of the event's team that
 * takes its type. Only teams with an enabled endpoint are looked at (a set refreshed every few seconds, and at once
 * in the process that registers one), so a team without webhooks costs no query. An event that cannot be read is
 * counted, logged by offset and passed over: it cannot be delivered to anyone.
 */
@ApplicationScoped
public class WebhookFanOut {

    private static final Logger LOG = Logger.getLogger(WebhookFanOut.class);

    /** One event as read from the topic, with where it was read, for the log of one that cannot be read. */
    public record ReadEvent(byte[] json, String position) {
    }

    private final WebhookEndpointRepository endpoints;
    private final WebhookDeliveryRepository deliveries;
    private final ObjectMapper mapper;
    private final MeterRegistry metrics;
    private final ScheduledRounds rounds;
    private volatile Set<UUID> teamsWithEndpoints;

    public WebhookFanOut(WebhookEndpointRepository endpoints, WebhookDeliveryRepository deliveries,
            ObjectMapper mapper, MeterRegistry metrics, ScheduledRounds rounds) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.mapper = mapper;
        this.metrics = metrics;
        this.rounds = rounds;
    }

    /** Writes the deliveries of these events; answers how many were new. */
    public Uni<Integer> fanOut(List<ReadEvent> events) {
        Uni<Set<UUID>> teams = teamsWithEndpoints == null ? refreshTeams() : Uni.createFrom().item(teamsWithEndpoints);
        return teams.chain(withEndpoints -> {
            if (withEndpoints.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<Event> relevant = new ArrayList<>();
            for (ReadEvent event : events) {
                Event read = read(event);
                if (read != null && withEndpoints.contains(read.teamId())) {
                    relevant.add(read);
                }
            }
            if (relevant.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            Set<UUID> teamIds = new HashSet<>();
            relevant.forEach(event -> teamIds.add(event.teamId()));
            return endpoints.enabledOf(teamIds).chain(byTeam -> deliveries.insert(deliveriesOf(relevant, byTeam)));
        });
    }

    /** Notes at once that a team has an endpoint, so this process fans its events out without waiting a refresh. */
    public void teamRegistered(UUID teamId) {
        Set<UUID> known = teamsWithEndpoints;
        if (known != null && !known.contains(teamId)) {
            Set<UUID> more = new HashSet<>(known);
            more.add(teamId);
            teamsWithEndpoints = Set.copyOf(more);
        }
    }

    @Scheduled(identity = "webhook-teams-refresh", every = "5s", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = WorkerRoundsDisabled.class)
    Uni<Void> scheduledRefresh() {
        return rounds.run("webhook-teams-refresh", this::refreshTeams);
    }

    private Uni<Set<UUID>> refreshTeams() {
        return endpoints.teamsWithEnabledEndpoints().invoke(teams -> teamsWithEndpoints = Set.copyOf(teams));
    }

    private static List<NewDelivery> deliveriesOf(List<Event> events, Map<UUID, List<WebhookEndpoint>> byTeam) {
        List<NewDelivery> fresh = new ArrayList<>();
        for (Event event : events) {
            for (WebhookEndpoint endpoint : byTeam.getOrDefault(event.teamId(), List.of())) {
                if (endpoint.eventTypes().contains(event.type())) {
                    fresh.add(new NewDelivery(endpoint.id(), event.teamId(), event.id(), event.type(), event.json()));
                }
            }
        }
        return fresh;
    }

    private Event read(ReadEvent event) {
        try {
            JsonNode json = mapper.readTree(event.json());
            return new Event(UUID.fromString(json.get("event_id").asText()), json.get("event_type").asText(),
                    UUID.fromString(json.get("team_id").asText()), new String(event.json(), StandardCharsets.UTF_8));
        } catch (Exception unreadable) {
            LOG.warnf("event at %s cannot be read (%s); no webhook can carry it", event.position(),
                    unreadable.getClass().getSimpleName());
            metrics.counter("linkops.webhooks.events_unreadable").increment();
            return null;
        }
    }

    private record Event(UUID id, String type, UUID teamId, String json) {
    }
}
