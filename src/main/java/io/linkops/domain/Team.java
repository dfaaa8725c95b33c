package io.linkops.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A tenant: owns users, connections, credentials and bulk operations. */
@Entity
@Table(name = "teams")
public class Team {

    @Id
    private UUID id;

    @Column(name = "name", nullable = false)
    private String name;

    @Column(name = "link_migration_enabled", nullable = false)
    private boolean linkMigrationEnabled;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Team() {
    }

    public Team(String name, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.createdAt = createdAt;
    }

    public UUID getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public boolean isLinkMigrationEnabled() {
        return linkMigrationEnabled;
    }

    public void setLinkMigrationEnabled(boolean linkMigrationEnabled) {
        this.linkMigrationEnabled = linkMigrationEnabled;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
