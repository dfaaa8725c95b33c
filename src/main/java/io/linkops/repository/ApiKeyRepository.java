package io.linkops.repository;

import io.linkops.domain.ApiKey;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Team API keys by their public prefix. */
@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, String> {

    public Uni<List<ApiKey>> listByTeam(UUID teamId) {
        return list("teamId", Sort.by("createdAt").and("keyPrefix"), teamId);
    }

    public Uni<ApiKey> findInTeam(UUID teamId, String keyPrefix) {
        return find("teamId = ?1 and keyPrefix = ?2", teamId, keyPrefix).firstResult();
    }
}
