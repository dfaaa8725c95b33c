package io.linkops.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BodyAdmissionTest {

    private final List<String> admitted = new ArrayList<>();

    @Test
    void bodiesAreLetInWhileTheyFitAndTheRestWaitInArrivalOrder() {
        BodyAdmission admission = new BodyAdmission(100);

        admission.admit(60, () -> admitted.add("a"));
        admission.admit(50, () -> admitted.add("b"));
        admission.admit(10, () -> admitted.add("c"));

        assertEquals(List.of("a"), admitted, "c fits, but waits behind b: no overtaking");
        assertEquals(60, admission.inUse());
        admission.release(60);
        assertEquals(List.of("a", "b", "c"), admitted);
        assertEquals(60, admission.inUse());
    }

    @Test
    void aBodyLargerThanTheWholeRoomIsLetInAlone() {
        BodyAdmission admission = new BodyAdmission(100);

        admission.admit(30, () -> admitted.add("small"));
        admission.admit(250, () -> admitted.add("huge"));
        assertEquals(List.of("small"), admitted);
        admission.release(30);

        assertEquals(List.of("small", "huge"), admitted);
        assertEquals(250, admission.inUse());
    }

    @Test
    void aRequestThatGaveUpWaitingLeavesTheLineAndLetsTheNextIn() {
        BodyAdmission admission = new BodyAdmission(100);
        admission.admit(90, () -> admitted.add("holder"));
        BodyAdmission.Waiting blocked = admission.admit(50, () -> admitted.add("gave up"));
        admission.admit(5, () -> admitted.add("small"));

        assertTrue(admission.cancel(blocked));

        assertEquals(List.of("holder", "small"), admitted);
        assertEquals(0, admission.waiting());
        assertFalse(admission.cancel(blocked), "cancelled once only");
    }

    @Test
    void noRoomIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BodyAdmission(0));
    }
}
