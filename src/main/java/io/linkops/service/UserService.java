package io.linkops.service;

import io.linkops.domain.ConnectionSummary;
import io.linkops.domain.Provider;
import io.linkops.domain.User;
import io.linkops.repository.ConnectionRepository;
import io.linkops.repository.UniqueViolation;
import io.linkops.repository.UserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The users API: a team's users and the provider connections they hold. */
@ApplicationScoped
public class UserService {

    private final UserRepository users;
    private final ConnectionRepository connections;

    public UserService(UserRepository users, ConnectionRepository connections) {
        this.users = users;
        this.connections = connections;
    }

    public Uni<User> create(UUID teamId, NewUser request) {
        return Panache.withTransaction(() -> users.findByClientUserId(teamId, request.clientUserId())
                        .chain(existing -> {
                            if (existing != null) {
                                throw new DuplicateClientUserIdException(existing.getId(), existing.getCreatedAt());
                            }
                            Instant now = Timestamps.now();
                            User user = new User(teamId, request.clientUserId(), now);
                            user.setFallbackTimeZone(request.fallbackTimeZone(), now);
                            user.setFallbackBirthDate(request.fallbackBirthDate(), now);
                            user.setIngestionWindow(request.ingestionStart(), request.ingestionEnd());
                            return users.persistAndFlush(user);
                        }))
                // Two concurrent creates of one client_user_id: the loser sees the winner, as Junction answers.
                .onFailure(UniqueViolation::isCause).recoverWithUni(() -> Panache.withSession(
                        () -> users.findByClientUserId(teamId, request.clientUserId()))
                        .map(winner -> {
                            throw new DuplicateClientUserIdException(winner.getId(), winner.getCreatedAt());
                        }));
    }

    @WithSession
    public Uni<UserView> get(UUID teamId, UUID userId) {
        return requireUser(teamId, userId).chain(this::withConnections);
    }

    @WithSession
    public Uni<UserView> resolve(UUID teamId, String clientUserId) {
        return users.findByClientUserId(teamId, clientUserId)
                .onItem().ifNull().failWith(() -> new ResourceNotFoundException("User not found."))
                .chain(this::withConnections);
    }

    @WithSession
    public Uni<UserPage> list(UUID teamId, int offset, int limit) {
        return users.countInTeam(teamId).chain(total -> users.pageInTeam(teamId, offset, limit)
                .chain(page -> connections.summariesOfUsers(teamId, page.stream().map(User::getId).toList())
                        .map(summaries -> {
                            Map<UUID, List<ConnectionSummary>> byUser = summaries.stream()
                                    .collect(Collectors.groupingBy(ConnectionSummary::userId));
                            List<UserView> views = page.stream()
                                    .map(user -> new UserView(user, byUser.getOrDefault(user.getId(), List.of())))
                                    .toList();
                            return new UserPage(views, total, offset, limit);
                        })));
    }

    @WithTransaction
    public Uni<Void> delete(UUID teamId, UUID userId) {
        return users.deleteInTeam(teamId, userId)
                .invoke(deleted -> {
                    if (deleted == 0) {
                        throw new ResourceNotFoundException("User not found.");
                    }
                })
                .replaceWithVoid();
    }

    @WithSession
    public Uni<List<ConnectionSummary>> connectionsOf(UUID teamId, UUID userId) {
        return requireUser(teamId, userId).chain(user -> connections.summariesOfUsers(teamId, List.of(userId)));
    }

    @WithSession
    public Uni<Void> deregister(UUID teamId, UUID userId, Provider provider) {
        return requireUser(teamId, userId)
                .chain(user -> connections.delete(teamId, userId, provider))
                .invoke(removed -> {
                    if (!removed) {
                        throw new ResourceNotFoundException("User has no " + provider.slug() + " connection.");
                    }
                })
                .replaceWithVoid();
    }

    private Uni<User> requireUser(UUID teamId, UUID userId) {
        return users.findInTeam(teamId, userId)
                .onItem().ifNull().failWith(() -> new ResourceNotFoundException("User not found."));
    }

    private Uni<UserView> withConnections(User user) {
        return connections.summariesOfUsers(user.getTeamId(), List.of(user.getId()))
                .map(summaries -> new UserView(user, summaries));
    }
}
