package org.livingner.corpus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A reproducible train/dev split. The indices {@code 0..n-1} are shuffled with
 * {@code Collections.shuffle(indices, new java.util.Random(seed))}; the first {@code Math.round(n * devFraction)}
 * shuffled indices form dev, the rest train. Both parts keep the items' original order, so the same file, fraction
 * and seed always give the same split, on any JVM (java.util.Random's sequence is specified).
 *
 * <p>With the defaults (10%, seed 42) the 7,953 sentences of LivingNER {@code train.iob2} split into 7,158 train
 * and 795 dev sentences.
 */
public final class DevSplit {

    public static final double DEFAULT_DEV_FRACTION = 0.10;
    public static final long DEFAULT_SEED = 42;

    private DevSplit() {
    }

    /** The two parts of a split. */
    public record Split<T>(List<T> train, List<T> dev) {
        public Split {
            train = List.copyOf(train);
            dev = List.copyOf(dev);
        }
    }

    /** Splits with the defaults: 10% dev, seed 42. */
    public static <T> Split<T> split(List<T> items) {
        return split(items, DEFAULT_DEV_FRACTION, DEFAULT_SEED);
    }

    public static <T> Split<T> split(List<T> items, double devFraction, long seed) {
        if (!(devFraction >= 0 && devFraction <= 1)) {
            throw new IllegalArgumentException("dev fraction must be in [0, 1], found " + devFraction);
        }
        int n = items.size();
        List<Integer> indices = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            indices.add(i);
        }
        Collections.shuffle(indices, new Random(seed));
        int devSize = (int) Math.round(n * devFraction);
        boolean[] inDev = new boolean[n];
        for (int i = 0; i < devSize; i++) {
            inDev[indices.get(i)] = true;
        }
        List<T> train = new ArrayList<>(n - devSize);
        List<T> dev = new ArrayList<>(devSize);
        for (int i = 0; i < n; i++) {
            (inDev[i] ? dev : train).add(items.get(i));
        }
        return new Split<>(train, dev);
    }

    /** The dev indices (ascending) that {@link #split(List, double, long)} would pick for {@code n} items. */
    public static int[] devIndices(int n, double devFraction, long seed) {
        List<Integer> indices = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            indices.add(i);
        }
        Split<Integer> split = split(indices, devFraction, seed);
        int[] dev = split.dev().stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(dev);
        return dev;
    }
}
