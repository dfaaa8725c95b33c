package io.linkops.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One of a team's API keys, kept only as its public prefix and a digest of the whole key. */
@Entity
@Table(name = "api_keys")
public class ApiKey {

    @Id
    @Column(name = "key_prefix")
    private String keyPrefix;

    @Column(name = "team_id", nullable = false)
    private UUID teamId;

    @Column(name = "key_hash", nullable = false)
    private byte[] keyHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ApiKey() {
    }

    public ApiKey(String keyPrefix, UUID teamId, byte[] keyHash, Instant createdAt) {
        this.keyPrefix = keyPrefix;
        this.teamId = teamId;
        this.keyHash = keyHash.clone();
        this.createdAt = createdAt;
    }

    public String getKeyPrefix() {
        return keyPrefix;
    }

    public UUID getTeamId() {
        return teamId;
    }

    public byte[] getKeyHash() {
        return keyHash.clone();
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getRevokedAt() {
        return revokedAt;
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    public void revoke(Instant at) {
        if (revokedAt == null) {
            revokedAt = at;
        }
    }
}
