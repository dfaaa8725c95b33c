package io.linkops.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StalledOpDecisionTest {

    @Test
    void anOpIsConsumedOnceTheGroupCommittedPastItsLastRecordOnEveryPartition() {
        assertTrue(StalledOpReaper.allConsumed(Map.of(0, 10L, 3, 7L), Map.of(0, 11L, 3, 8L, 5, 2L)));
    }

    @Test
    void aCommittedOffsetAtTheLastRecordMeansThatRecordIsStillToBeRead() {
        assertFalse(StalledOpReaper.allConsumed(Map.of(0, 10L), Map.of(0, 10L)));
    }

    @Test
    void onePartitionBehindKeepsTheOpWaiting() {
        assertFalse(StalledOpReaper.allConsumed(Map.of(0, 10L, 3, 7L), Map.of(0, 50L, 3, 2L)));
    }

    @Test
    void aPartitionTheGroupNeverCommittedKeepsTheOpWaiting() {
        assertFalse(StalledOpReaper.allConsumed(Map.of(0, 10L, 3, 7L), Map.of(0, 50L)));
    }

    @Test
    void anOpWithoutKnownRecordsIsNeverTakenAsConsumed() {
        assertFalse(StalledOpReaper.allConsumed(Map.of(), Map.of(0, 50L)));
    }
}
