package io.linkops.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void issuesDistinctKeysWithTheirPrefix() {
        ApiKeys.Issued first = ApiKeys.issue();
        ApiKeys.Issued second = ApiKeys.issue();
        assertNotEquals(first.apiKey(), second.apiKey());
        assertTrue(first.apiKey().startsWith(first.keyPrefix() + "_"));
        assertEquals(Optional.of(first.keyPrefix()), ApiKeys.prefixOf(first.apiKey()));
    }

    @Test
    void matchesOnlyTheIssuedKey() {
        ApiKeys.Issued issued = ApiKeys.issue();
        assertTrue(ApiKeys.matches(issued.apiKey(), issued.digest()));
        assertFalse(ApiKeys.matches(issued.apiKey() + "x", issued.digest()));
        assertFalse(ApiKeys.matches(ApiKeys.issue().apiKey(), issued.digest()));
    }

    @Test
    void rejectsMalformedKeys() {
        assertEquals(Optional.empty(), ApiKeys.prefixOf(null));
        assertEquals(Optional.empty(), ApiKeys.prefixOf("lkops_short_secret"));
        assertEquals(Optional.empty(), ApiKeys.prefixOf("sk_live_" + "a".repeat(50)));
    }
}
