package org.livingner.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class DevSplitTest {

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    @Test
    void devIsTheFirstRoundedFractionOfTheSeededShuffleAndBothPartsKeepOrder() {
        List<Integer> items = range(53);
        DevSplit.Split<Integer> split = DevSplit.split(items, 0.1, 7);
        List<Integer> shuffled = range(53);
        Collections.shuffle(shuffled, new Random(7));
        List<Integer> expectedDev = new ArrayList<>(shuffled.subList(0, 5)); // round(5.3) = 5
        Collections.sort(expectedDev);
        assertEquals(expectedDev, split.dev());
        List<Integer> expectedTrain = new ArrayList<>(items);
        expectedTrain.removeAll(expectedDev);
        assertEquals(expectedTrain, split.train());
    }

    @Test
    void sizesRoundToNearest() {
        assertEquals(795, DevSplit.split(range(7953)).dev().size());
        assertEquals(7158, DevSplit.split(range(7953)).train().size());
        assertEquals(2, DevSplit.split(range(15), 0.1, 1).dev().size()); // 1.5 rounds up
        assertEquals(0, DevSplit.split(range(4), 0.1, 1).dev().size());
        assertEquals(4, DevSplit.split(range(4), 1.0, 1).dev().size());
        assertEquals(0, DevSplit.split(List.of(), 0.1, 1).dev().size());
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        List<Integer> items = range(1000);
        assertEquals(DevSplit.split(items, 0.1, 42), DevSplit.split(items, 0.1, 42));
        assertNotEquals(DevSplit.split(items, 0.1, 42).dev(), DevSplit.split(items, 0.1, 43).dev());
        assertEquals(DevSplit.split(items).dev(), DevSplit.split(items, 0.10, 42).dev());
    }

    @Test
    void partsAreDisjointAndCoverEverything() {
        DevSplit.Split<Integer> split = DevSplit.split(range(321), 0.25, 5);
        Set<Integer> all = new HashSet<>(split.train());
        all.addAll(split.dev());
        assertEquals(321, all.size());
        assertEquals(321, split.train().size() + split.dev().size());
        assertTrue(split.dev().stream().noneMatch(split.train()::contains));
    }

    @Test
    void devIndicesMatchTheSplit() {
        int[] dev = DevSplit.devIndices(100, 0.2, 3);
        assertEquals(DevSplit.split(range(100), 0.2, 3).dev(), IntStream.of(dev).boxed().toList());
    }

    @Test
    void rejectsFractionOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> DevSplit.split(range(3), -0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> DevSplit.split(range(3), 1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> DevSplit.split(range(3), Double.NaN, 1));
    }
}
