package io.linkops.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A team's own OAuth app for one provider ("Bring Your Own OAuth"); the secret is ciphertext. */
@Entity
@Table(name = "custom_credentials")
public class CustomCredential {

    @Id
    private UUID id;

    @Column(name = "team_id", nullable = false)
    private UUID teamId;

    @Column(name = "provider", nullable = false)
    private String provider;

    @Column(name = "client_id", nullable = false)
    private String clientId;

    @Column(name = "client_secret", nullable = false)
    private byte[] encryptedClientSecret;

    @Column(name = "details")
    private String detailsJson;

    @Column(name = "redirect_url_override")
    private String redirectUrlOverride;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected CustomCredential() {
    }

    public CustomCredential(UUID teamId, Provider provider, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.teamId = teamId;
        this.provider = provider.slug();
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    public void configure(String clientId, byte[] encryptedClientSecret, String detailsJson, String redirectUrlOverride,
            Instant at) {
        this.clientId = clientId;
        this.encryptedClientSecret = encryptedClientSecret.clone();
        this.detailsJson = detailsJson;
        this.redirectUrlOverride = redirectUrlOverride;
        this.updatedAt = at;
    }

    public UUID getId() {
        return id;
    }

    public UUID getTeamId() {
        return teamId;
    }

    public String getProvider() {
        return provider;
    }

    public String getClientId() {
        return clientId;
    }

    public byte[] getEncryptedClientSecret() {
        return encryptedClientSecret.clone();
    }

    public String getRedirectUrlOverride() {
        return redirectUrlOverride;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
