package org.livingner.uima.refine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;

/**
 * Answers whether a span would cross a DKPro {@link Sentence}. A document without sentences is one
 * sentence.
 */
final class SentenceBounds {
    private final int[] begins;
    private final int[] ends;

    private SentenceBounds(int[] begins, int[] ends) {
        this.begins = begins;
        this.ends = ends;
    }

    static SentenceBounds of(JCas jcas) {
        Collection<Sentence> sentences = JCasUtil.select(jcas, Sentence.class);
        int[][] spans = sentences.stream().map(s -> new int[] {s.getBegin(), s.getEnd()})
                .sorted((a, b) -> Integer.compare(a[0], b[0])).toArray(int[][]::new);
        return new SentenceBounds(Arrays.stream(spans).mapToInt(s -> s[0]).toArray(),
                Arrays.stream(spans).mapToInt(s -> s[1]).toArray());
    }

    /** True when [begin, end) overlaps a sentence without lying inside it. */
    boolean crosses(int begin, int end) {
        for (int i = firstEndingAfter(begin); i < begins.length && begins[i] < end; i++) {
            if (!(begins[i] <= begin && end <= ends[i])) {
                return true;
            }
        }
        return false;
    }

    /** The parts of [begin, end) inside each sentence it overlaps, in order; the span itself if none. */
    List<int[]> split(int begin, int end) {
        List<int[]> parts = new ArrayList<>();
        for (int i = firstEndingAfter(begin); i < begins.length && begins[i] < end; i++) {
            parts.add(new int[] {Math.max(begin, begins[i]), Math.min(end, ends[i])});
        }
        if (parts.isEmpty()) {
            parts.add(new int[] {begin, end});
        }
        return parts;
    }

    private int firstEndingAfter(int offset) {
        // sentences do not overlap, so ends are sorted like begins
        int lo = 0;
        int hi = ends.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] <= offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
