package io.linkops.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linkops.config.LinkopsConfig;
import io.linkops.domain.ConnectionRecipe;
import io.linkops.domain.Provider;
import io.linkops.domain.StoredConnection;
import io.linkops.repository.ConnectionExportRepository;
import io.linkops.repository.ConnectionImportRepository;
import io.linkops.security.SecretCipher;
import io.linkops.security.SecretOwner;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /v2/link/bulk_export} and {@code POST /v2/link/bulk_pause}: the team's connections bound to its own
 * credential, with their current tokens decrypted, and pausing them.
 */
@ApplicationScoped
public class BulkExportService {

    private static final TypeReference<List<String>> SCOPES = new TypeReference<>() {
    };

    private final ConnectionExportRepository connections;
    private final ConnectionImportRepository credentials;
    private final SecretCipher cipher;
    private final ObjectMapper mapper;
    private final LinkopsConfig config;

    public BulkExportService(ConnectionExportRepository connections, ConnectionImportRepository credentials,
            SecretCipher cipher, ObjectMapper mapper, LinkopsConfig config) {
        this.connections = connections;
        this.credentials = credentials;
        this.cipher = cipher;
        this.mapper = mapper;
        this.config = config;
    }

    /** A page after {@code afterId} (null for the first); {@code userIds} null means every user. */
    public Uni<ExportPage> export(UUID teamId, Provider provider, List<UUID> userIds, UUID afterId) {
        int pageSize = config.bulkExport().pageSize();
        return credentials.credential(teamId, provider).chain(credential -> {
            if (credential == null) {
                return Uni.createFrom().item(new ExportPage(List.of(), null));
            }
            return connections.page(teamId, provider, credential.id(), userIds, afterId, pageSize + 1)
                    // Decrypting a full page costs milliseconds per hundred: off the event loop.
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(rows -> {
                        List<StoredConnection> page = rows.size() > pageSize ? rows.subList(0, pageSize) : rows;
                        List<ConnectionRecipe> recipes = new ArrayList<>(page.size());
                        for (StoredConnection row : page) {
                            recipes.add(recipeOf(teamId, provider, row));
                        }
                        UUID next = rows.size() > pageSize ? page.get(page.size() - 1).id() : null;
                        return new ExportPage(recipes, next);
                    });
        });
    }

    public Uni<Void> pause(UUID teamId, Provider provider, List<UUID> userIds) {
        return connections.pause(teamId, provider, userIds).replaceWithVoid();
    }

    private ConnectionRecipe recipeOf(UUID teamId, Provider provider, StoredConnection row) {
        String access = cipher.decrypt(row.sealedAccessToken(),
                SecretOwner.ofConnection(teamId, row.userId(), provider.slug(), "access_token"));
        String refresh = cipher.decrypt(row.sealedRefreshToken(),
                SecretOwner.ofConnection(teamId, row.userId(), provider.slug(), "refresh_token"));
        return new ConnectionRecipe(row.userId(), access, refresh, row.providerUserId(), row.expiresAt(),
                scopes(row.oauthScopesJson()));
    }

    private List<String> scopes(String json) {
        try {
            return json == null ? null : mapper.readValue(json, SCOPES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored oauth scopes are not a JSON list", e);
        }
    }
}
