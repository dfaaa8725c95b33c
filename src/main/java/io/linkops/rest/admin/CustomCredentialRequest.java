package io.linkops.rest.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of {@code PUT /admin/v1/teams/{team_id}/custom_credentials/{provider}}. */
public record CustomCredentialRequest(
        @NotBlank @Size(max = 512) String clientId,
        @NotBlank @Size(max = 4096) String clientSecret,
        ObjectNode details,
        @Size(max = 2048) String redirectUrlOverride) {

    @Override
    public String toString() {
        return "CustomCredentialRequest[clientId=" + clientId + ", clientSecret=***]";
    }
}
