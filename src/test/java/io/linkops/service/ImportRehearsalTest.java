package io.linkops.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.linkops.domain.ConnectionRecipe;
import io.linkops.domain.FailureReason;
import io.linkops.domain.ItemFailure;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ImportRehearsalTest {

    private static final UUID CREDENTIAL = UUID.randomUUID();
    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final UUID carol = UUID.randomUUID();

    private static ConnectionRecipe recipe(UUID user, String account) {
        return new ConnectionRecipe(user, "at", "rt", account, 1_900_000_000L, null);
    }

    @Test
    void theFirstItemNamingAnAccountClaimsItAndLaterOnesFail() {
        Rehearsal rehearsal = ImportRehearsal.decide(List.of(recipe(alice, "a"), recipe(bob, "a"),
                recipe(carol, "c")), Set.of(alice, bob, carol), CREDENTIAL, Map.of(), false);
        assertEquals(List.of(alice, carol), rehearsal.imported());
        assertEquals(List.of(new ItemFailure(bob, FailureReason.duplicate_connection,
                FailureReason.duplicate_connection.message())), rehearsal.failures());
    }

    @Test
    void anAccountHeldByAnotherUserFailsAndOneHeldByTheSameUserIsReimported() {
        Rehearsal rehearsal = ImportRehearsal.decide(List.of(recipe(alice, "held-by-bob"), recipe(bob, "held-by-bob")),
                Set.of(alice, bob), CREDENTIAL, Map.of("held-by-bob", bob), false);
        assertEquals(List.of(bob), rehearsal.imported());
        assertEquals(FailureReason.duplicate_connection, rehearsal.failures().get(0).reason());
    }

    @Test
    void unknownUsersFailAndAFailedItemClaimsNothing() {
        Rehearsal rehearsal = ImportRehearsal.decide(List.of(recipe(carol, "x"), recipe(alice, "x")),
                Set.of(alice), CREDENTIAL, Map.of(), true);
        assertEquals(List.of(alice), rehearsal.imported());
        assertEquals(FailureReason.user_not_found, rehearsal.failures().get(0).reason());
        assertTrue(rehearsal.verificationSkipped());
    }

    @Test
    void verificationIsOnlyMentionedWhenSomethingWouldReachTheProvider() {
        assertFalse(ImportRehearsal.decide(List.of(recipe(carol, "x")), Set.of(), CREDENTIAL, Map.of(), true)
                .verificationSkipped());
    }
}
