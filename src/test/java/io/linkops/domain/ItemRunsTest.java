package io.linkops.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.linkops.domain.ItemRuns.Run;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Item indexes grouped into lockable blocks and stored runs, and read back exactly. */
class ItemRunsTest {

    @Test
    void blocksAreAscendingAndDistinct() {
        assertArrayEquals(new int[] {0, 2, 4, 199}, ItemRuns.blocksOf(List.of(99_999, 5, 2048, 1023, 0, 2049, 499)));
        assertArrayEquals(new int[0], ItemRuns.blocksOf(List.of()));
    }

    @Test
    void runsJoinConsecutiveIndexesAndStopAtGapsAndBlockEnds() {
        assertEquals(List.of(new Run(3, 5), new Run(7, 7), new Run(496, 499), new Run(500, 506)),
                ItemRuns.runsOf(List.of(506, 5, 3, 4, 7, 496, 497, 498, 499, 500, 501, 502, 503, 504, 505, 4)));
        assertEquals(List.of(), ItemRuns.runsOf(List.of()));
        assertEquals(List.of(new Run(0, 499), new Run(500, 999), new Run(1000, 1199)),
                ItemRuns.runsOf(IntStream.range(0, 1200).boxed().toList()));
    }

    @Test
    void runsCoverExactlyTheIndexesTheyWereMadeFrom() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            Set<Integer> indexes = new HashSet<>();
            int count = random.nextInt(3000);
            for (int i = 0; i < count; i++) {
                indexes.add(random.nextInt(5000));
            }
            List<Run> runs = ItemRuns.runsOf(indexes);
            runs.forEach(run -> assertEquals(run.first() / ItemRuns.BLOCK, run.last() / ItemRuns.BLOCK,
                    "a run stays in its block: " + run));
            List<Integer> all = IntStream.range(0, 5000).boxed().toList();
            assertEquals(indexes, ItemRuns.covered(all, runs), "round " + round);
        }
    }

    @Test
    void coveredFindsIndexesInAnyRecordedRangeAndNothingElse() {
        List<Run> recorded = new ArrayList<>(List.of(new Run(10, 20), new Run(25, 25), new Run(500, 500)));
        assertEquals(Set.of(10, 20, 25, 500), ItemRuns.covered(List.of(9, 10, 20, 21, 24, 25, 26, 499, 500, 501),
                recorded));
        assertEquals(Set.of(), ItemRuns.covered(List.of(1, 2, 3), List.of()));
    }
}
