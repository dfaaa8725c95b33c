package io.linkops.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** An end user of a team, known to the team by its own {@code client_user_id}. */
@Entity
@Table(name = "users")
public class User {

    @Id
    private UUID id;

    @Column(name = "team_id", nullable = false)
    private UUID teamId;

    @Column(name = "client_user_id", nullable = false)
    private String clientUserId;

    @Column(name = "fallback_time_zone")
    private String fallbackTimeZone;

    @Column(name = "fallback_time_zone_updated_at")
    private Instant fallbackTimeZoneUpdatedAt;

    @Column(name = "fallback_birth_date")
    private LocalDate fallbackBirthDate;

    @Column(name = "fallback_birth_date_updated_at")
    private Instant fallbackBirthDateUpdatedAt;

    @Column(name = "ingestion_start")
    private LocalDate ingestionStart;

    @Column(name = "ingestion_end")
    private LocalDate ingestionEnd;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected User() {
    }

    public User(UUID teamId, String clientUserId, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.teamId = teamId;
        this.clientUserId = clientUserId;
        this.createdAt = createdAt;
    }

    public void setFallbackTimeZone(String fallbackTimeZone, Instant at) {
        this.fallbackTimeZone = fallbackTimeZone;
        this.fallbackTimeZoneUpdatedAt = fallbackTimeZone == null ? null : at;
    }

    public void setFallbackBirthDate(LocalDate fallbackBirthDate, Instant at) {
        this.fallbackBirthDate = fallbackBirthDate;
        this.fallbackBirthDateUpdatedAt = fallbackBirthDate == null ? null : at;
    }

    public void setIngestionWindow(LocalDate start, LocalDate end) {
        this.ingestionStart = start;
        this.ingestionEnd = end;
    }

    public UUID getId() {
        return id;
    }

    public UUID getTeamId() {
        return teamId;
    }

    public String getClientUserId() {
        return clientUserId;
    }

    public String getFallbackTimeZone() {
        return fallbackTimeZone;
    }

    public Instant getFallbackTimeZoneUpdatedAt() {
        return fallbackTimeZoneUpdatedAt;
    }

    public LocalDate getFallbackBirthDate() {
        return fallbackBirthDate;
    }

    public Instant getFallbackBirthDateUpdatedAt() {
        return fallbackBirthDateUpdatedAt;
    }

    public LocalDate getIngestionStart() {
        return ingestionStart;
    }

    public LocalDate getIngestionEnd() {
        return ingestionEnd;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
