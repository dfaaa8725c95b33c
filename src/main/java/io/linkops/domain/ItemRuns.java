package io.linkops.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How an op's item indexes are grouped for recording: blocks of {@value #BLOCK} consecutive indexes (the unit a
 * recording transaction locks and reads back), and runs of consecutive succeeded indexes, stored as one row each and
 * never crossing a block. A block is also the run of items the API deals to one partition, so workers holding
 * different partitions never wait for each other's blocks (blocks of 1,024 spanning two partitions made the two
 * consumers of one op queue behind each other for a quarter of their time).
 */
public final class ItemRuns {

    public static final int BLOCK = 500;

    private ItemRuns() {
    }

    /** A range of consecutive item indexes, both ends included. */
    public record Run(int first, int last) {
    }

    /** The blocks these indexes fall in, ascending and once each (locks are taken in this order). */
    public static int[] blocksOf(Collection<Integer> indexes) {
        TreeSet<Integer> blocks = new TreeSet<>();
        indexes.forEach(index -> blocks.add(index / BLOCK));
        return blocks.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The runs of consecutive indexes among these, split where a block ends. */
    public static List<Run> runsOf(Collection<Integer> indexes) {
        int[] sorted = indexes.stream().mapToInt(Integer::intValue).distinct().toArray();
        Arrays.sort(sorted);
        List<Run> runs = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= sorted.length; i++) {
            boolean ends = i == sorted.length || sorted[i] != sorted[i - 1] + 1 || sorted[i] % BLOCK == 0;
            if (ends) {
                runs.add(new Run(sorted[start], sorted[i - 1]));
                start = i;
            }
        }
        return runs;
    }

    /** Which of these indexes lie in one of the recorded ranges (ranges of the blocks read back: a few thousand). */
    public static Set<Integer> covered(Collection<Integer> indexes, List<Run> recorded) {
        BitSet recordedIndexes = new BitSet();
        recorded.forEach(run -> recordedIndexes.set(run.first(), run.last() + 1));
        Set<Integer> covered = new HashSet<>();
        indexes.forEach(index -> {
            if (recordedIndexes.get(index)) {
                covered.add(index);
            }
        });
        return covered;
    }
}
