package io.linkops.repository;

import io.linkops.domain.CustomCredential;
import io.linkops.domain.Provider;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Teams' custom OAuth credentials, at most one per team and provider. */
@ApplicationScoped
public class CustomCredentialRepository implements PanacheRepositoryBase<CustomCredential, UUID> {

    public Uni<CustomCredential> findForProvider(UUID teamId, Provider provider) {
        return find("teamId = ?1 and provider = ?2", teamId, provider.slug()).firstResult();
    }

    public Uni<List<CustomCredential>> listByTeam(UUID teamId) {
        return list("teamId", Sort.by("provider"), teamId);
    }
}
