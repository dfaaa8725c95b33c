package io.linkops.repository;

import io.linkops.domain.Team;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Teams by id. */
@ApplicationScoped
public class TeamRepository implements PanacheRepositoryBase<Team, UUID> {
}
