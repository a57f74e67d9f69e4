package org.livingner.uima.io;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClinicalTextGeneratorTest {

    @Test
    void theSameSeedAndIndexGiveTheSameDocument() {
        assertEquals(new ClinicalTextGenerator(42).document(1234), new ClinicalTextGenerator(42).document(1234));
        assertNotEquals(new ClinicalTextGenerator(42).document(1234), new ClinicalTextGenerator(43).document(1234));
    }

    /**
     * A batch run's memory at 1,000 and at 10,000 documents is only comparable when its later documents are like
     * its first: the mean length of every block of 1,000 documents stays within 5 % of the overall mean.
     */
    @Test
    void documentLengthDoesNotDriftWithTheIndex() {
        ClinicalTextGenerator generator = new ClinicalTextGenerator(42);
        double[] blockMeans = new double[10];
        for (int block = 0; block < blockMeans.length; block++) {
            blockMeans[block] = LongStream.range(block * 1000L, (block + 1) * 1000L)
                    .mapToInt(i -> generator.document(i).length()).average().orElseThrow();
        }
        double mean = Arrays.stream(blockMeans).average().orElseThrow();
        for (int block = 0; block < blockMeans.length; block++) {
            assertTrue(Math.abs(blockMeans[block] - mean) < 0.05 * mean, "mean length of documents " + block * 1000
                    + "-" + ((block + 1) * 1000 - 1) + " is " + blockMeans[block] + ", all: " + Arrays.toString(blockMeans));
        }
    }
}
