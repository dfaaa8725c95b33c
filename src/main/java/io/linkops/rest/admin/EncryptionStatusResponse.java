package io.linkops.rest.admin;

import io.linkops.service.KeyReencryptionService.EncryptionStatus;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the operator reads before retiring a key: the keys, how many stored values each seals, the latest run. */
@Schema(name = "EncryptionStatus", description = "(extension) Encryption keys and what each still seals.")
public record EncryptionStatusResponse(
        @Schema(description = "The key new values are sealed with.") String activeKeyId,
        @Schema(description = "Every key this replica may decrypt with (LINKOPS_ENCRYPTION_KEYS).") List<String> keyIds,
        @Schema(description = "Stored values (tokens, client secrets, webhook secrets) by the key id that sealed "
                + "them; a key with none left, and no Kafka record still sealed with it, can be removed.")
        Map<String, Long> valuesByKeyId,
        @Schema(description = "The running re-encryption, else the last one; null before the first.", nullable = true)
        ReencryptionResponse reencryption) {

    static EncryptionStatusResponse of(EncryptionStatus status) {
        return new EncryptionStatusResponse(status.activeKeyId(), List.copyOf(status.keyIds()),
                status.valuesByKeyId(), status.latestRun() == null ? null
                        : ReencryptionResponse.of(status.latestRun()));
    }
}
