package io.linkops.repository;

import io.linkops.domain.User;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** A team's users; every lookup is scoped by team so another team's id finds nothing. */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    public Uni<User> findInTeam(UUID teamId, UUID userId) {
        return find("teamId = ?1 and id = ?2", teamId, userId).firstResult();
    }

    public Uni<User> findByClientUserId(UUID teamId, String clientUserId) {
        return find("teamId = ?1 and clientUserId = ?2", teamId, clientUserId).firstResult();
    }

    public Uni<List<User>> pageInTeam(UUID teamId, int offset, int limit) {
        return find("teamId", Sort.by("createdAt").and("id"), teamId)
                .range(offset, offset + limit - 1)
                .list();
    }

    public Uni<Long> countInTeam(UUID teamId) {
        return count("teamId", teamId);
    }

    public Uni<Long> deleteInTeam(UUID teamId, UUID userId) {
        return delete("teamId = ?1 and id = ?2", teamId, userId);
    }
}
