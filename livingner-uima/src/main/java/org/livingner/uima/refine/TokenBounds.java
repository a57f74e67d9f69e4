package org.livingner.uima.refine;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;

/**
 * Token spans of a document: DKPro {@link Token}s when there are any, otherwise runs of letters and
 * digits plus single other non-space characters, so engines also work on untokenized CASes.
 */
final class TokenBounds {
    private final NavigableMap<Integer, Integer> endByBegin;
    private final NavigableMap<Integer, Integer> beginByEnd = new TreeMap<>();

    private TokenBounds(NavigableMap<Integer, Integer> endByBegin) {
        this.endByBegin = endByBegin;
        endByBegin.forEach((b, e) -> beginByEnd.put(e, b));
    }

    static TokenBounds of(JCas jcas) {
        NavigableMap<Integer, Integer> spans = new TreeMap<>();
        for (Token token : JCasUtil.select(jcas, Token.class)) {
            if (token.getEnd() > token.getBegin()) {
                spans.merge(token.getBegin(), token.getEnd(), Math::max);
            }
        }
        if (spans.isEmpty()) {
            spans = wordSpans(jcas.getDocumentText() == null ? "" : jcas.getDocumentText());
        }
        return new TokenBounds(spans);
    }

    static NavigableMap<Integer, Integer> wordSpans(String text) {
        NavigableMap<Integer, Integer> spans = new TreeMap<>();
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                i += Character.charCount(cp);
            } else if (Character.isLetterOrDigit(cp)) {
                int start = i;
                while (i < text.length() && Character.isLetterOrDigit(text.codePointAt(i))) {
                    i += Character.charCount(text.codePointAt(i));
                }
                spans.put(start, i);
            } else {
                spans.put(i, i + Character.charCount(cp));
                i += Character.charCount(cp);
            }
        }
        return spans;
    }

    boolean isBegin(int offset) {
        return endByBegin.containsKey(offset);
    }

    boolean isEnd(int offset) {
        return beginByEnd.containsKey(offset);
    }

    /** Token begins in document order. */
    Iterable<Integer> begins() {
        return endByBegin.keySet();
    }

    /** Token ends after {@code from} (exclusive) and at most {@code to}, in ascending order. */
    Iterable<Integer> endsBetween(int from, int to) {
        return beginByEnd.subMap(from, false, to, true).keySet();
    }

    /** Begin of the token that contains the character at {@code offset}, or {@code offset} itself. */
    int snapBegin(int offset) {
        Map.Entry<Integer, Integer> token = endByBegin.floorEntry(offset);
        return token != null && token.getValue() > offset ? token.getKey() : offset;
    }

    /** End of the token that contains the character before {@code offset}, or {@code offset} itself. */
    int snapEnd(int offset) {
        Map.Entry<Integer, Integer> token = endByBegin.lowerEntry(offset);
        return token != null && token.getValue() > offset ? token.getValue() : offset;
    }
}
