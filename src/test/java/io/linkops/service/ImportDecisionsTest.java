package io.linkops.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.linkops.domain.FailureReason;
import io.linkops.domain.ImportItem;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ImportDecisionsTest {

    private static final UUID CREDENTIAL = UUID.randomUUID();

    private final UUID user = UUID.randomUUID();
    private final UUID otherUser = UUID.randomUUID();

    @Test
    void bindsAConnectionOfAnExistingUserWithACredential() {
        assertNull(ImportDecisions.failureOf(item(user, "FB-1"), Set.of(user), CREDENTIAL, new HashMap<>()));
    }

    @Test
    void refusesAUserTheTeamDoesNotHave() {
        assertEquals(FailureReason.user_not_found,
                ImportDecisions.failureOf(item(user, "FB-1"), Set.of(otherUser), CREDENTIAL, new HashMap<>()));
    }

    @Test
    void refusesAConnectionWhenTheTeamHasNoCredential() {
        assertEquals(FailureReason.provider_credential_error,
                ImportDecisions.failureOf(item(user, "FB-1"), Set.of(user), null, new HashMap<>()));
    }

    @Test
    void refusesAProviderAccountAnotherUserHolds() {
        assertEquals(FailureReason.duplicate_connection, ImportDecisions.failureOf(item(user, "FB-1"),
                Set.of(user, otherUser), CREDENTIAL, Map.of("FB-1", otherUser)));
    }

    @Test
    void letsAUserReimportTheAccountItAlreadyHolds() {
        assertNull(ImportDecisions.failureOf(item(user, "FB-1"), Set.of(user), CREDENTIAL, Map.of("FB-1", user)));
    }

    @Test
    void aMissingUserIsReportedBeforeAMissingCredential() {
        assertEquals(FailureReason.user_not_found,
                ImportDecisions.failureOf(item(user, "FB-1"), Set.of(), null, Map.of("FB-1", otherUser)));
    }

    private static ImportItem item(UUID userId, String providerUserId) {
        return new ImportItem(UUID.randomUUID(), 0, userId, UUID.randomUUID(), "fitbit", providerUserId,
                new byte[] {1}, new byte[] {2}, 1_900_000_000L, null);
    }
}
