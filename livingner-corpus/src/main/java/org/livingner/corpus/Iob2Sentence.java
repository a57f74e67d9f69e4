package org.livingner.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One sentence of an IOB2 file: its tokens and, when the file has a tag column, one tag per token
 * ({@code O}, {@code B-TYPE}, {@code I-TYPE}). {@code tags} is {@code null} for token-only input.
 *
 * <p>The sentence's text is its tokens joined by single spaces; {@link #tokenBegins()}, {@link #tokenEnds()} and the
 * offsets of {@link #mentions(String)} are character (UTF-16) offsets into {@link #text()}.
 */
public record Iob2Sentence(List<String> tokens, List<String> tags) {

    public Iob2Sentence {
        Objects.requireNonNull(tokens, "tokens");
        tokens = List.copyOf(tokens);
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).isEmpty()) {
                throw new IllegalArgumentException("token " + i + " is empty");
            }
        }
        if (tags != null) {
            tags = List.copyOf(tags);
            if (tags.size() != tokens.size()) {
                throw new IllegalArgumentException("expected one tag per token: " + tokens.size() + " tokens, "
                        + tags.size() + " tags");
            }
            for (int i = 0; i < tags.size(); i++) {
                if (!isWellFormedTag(tags.get(i))) {
                    throw new IllegalArgumentException("tag " + i + " '" + tags.get(i)
                            + "' is not O, B-TYPE or I-TYPE");
                }
            }
        }
    }

    /** A sentence without a tag column (input to annotate). */
    public static Iob2Sentence untagged(List<String> tokens) {
        return new Iob2Sentence(tokens, null);
    }

    /** {@code O}, or {@code B-}/{@code I-} followed by a non-empty type. */
    public static boolean isWellFormedTag(String tag) {
        return "O".equals(tag) || (tag.length() > 2 && (tag.startsWith("B-") || tag.startsWith("I-")));
    }

    public boolean hasTags() {
        return tags != null;
    }

    public int size() {
        return tokens.size();
    }

    /** The tokens joined by single spaces. */
    public String text() {
        return String.join(" ", tokens);
    }

    public int[] tokenBegins() {
        int[] begins = new int[tokens.size()];
        int pos = 0;
        for (int i = 0; i < begins.length; i++) {
            begins[i] = pos;
            pos += tokens.get(i).length() + 1;
        }
        return begins;
    }

    public int[] tokenEnds() {
        int[] ends = new int[tokens.size()];
        int pos = 0;
        for (int i = 0; i < ends.length; i++) {
            pos += tokens.get(i).length();
            ends[i] = pos;
            pos++;
        }
        return ends;
    }

    /**
     * The tagged mentions, offsets into {@link #text()}. BIO is repaired the same way as the model's decoder:
     * an {@code I-X} after {@code O} or after a mention of another type opens a new mention.
     *
     * @throws IllegalStateException when the sentence has no tags
     */
    public List<Mention> mentions(String docId) {
        if (tags == null) {
            throw new IllegalStateException("sentence has no tag column, so no mentions: " + abbreviated());
        }
        List<TokenSpan> spans = TokenSpan.decode(tags);
        List<Mention> mentions = new ArrayList<>(spans.size());
        for (TokenSpan span : spans) {
            mentions.add(toMention(docId, span.label(), span.first(), span.last()));
        }
        return mentions;
    }

    /** The tagged mentions as inclusive token ranges (BIO repaired as in {@link #mentions(String)}). */
    public List<TokenSpan> tokenSpans() {
        if (tags == null) {
            throw new IllegalStateException("sentence has no tag column, so no mentions: " + abbreviated());
        }
        return TokenSpan.decode(tags);
    }

    /** The mention covering tokens {@code first..last} (inclusive). */
    public Mention toMention(String docId, String label, int first, int last) {
        int begin = 0;
        for (int i = 0; i < first; i++) {
            begin += tokens.get(i).length() + 1;
        }
        StringBuilder text = new StringBuilder();
        for (int i = first; i <= last; i++) {
            if (i > first) {
                text.append(' ');
            }
            text.append(tokens.get(i));
        }
        return new Mention(docId, label, begin, begin + text.length(), text.toString());
    }

    /**
     * This sentence's tokens tagged with {@code mentions} (offsets into {@link #text()}, e.g. predictions), for writing
     * them as IOB2. Each mention must start at a token begin and end at a token end; mentions must not overlap.
     *
     * @throws IllegalArgumentException naming the mention that does not fit the tokens
     */
    public Iob2Sentence withMentions(List<Mention> mentions) {
        int[] begins = tokenBegins();
        int[] ends = tokenEnds();
        String[] newTags = new String[tokens.size()];
        java.util.Arrays.fill(newTags, "O");
        for (Mention m : mentions) {
            int first = java.util.Arrays.binarySearch(begins, m.begin());
            int last = java.util.Arrays.binarySearch(ends, m.end());
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("mention " + m + " does not start and end on token boundaries of "
                        + abbreviated());
            }
            for (int i = first; i <= last; i++) {
                if (!newTags[i].equals("O")) {
                    throw new IllegalArgumentException("mention " + m + " overlaps another mention on token '"
                            + tokens.get(i) + "'");
                }
                newTags[i] = (i == first ? "B-" : "I-") + m.label();
            }
        }
        return new Iob2Sentence(tokens, List.of(newTags));
    }

    private String abbreviated() {
        String text = text();
        return text.length() <= 60 ? "'" + text + "'" : "'" + text.substring(0, 57) + "...'";
    }

    /** A mention as an inclusive token range; used by the decoder and the lexicon. */
    public record TokenSpan(String label, int first, int last) {

        public static List<TokenSpan> decode(List<String> tags) {
            List<TokenSpan> spans = new ArrayList<>();
            String open = null;
            int first = -1;
            for (int i = 0; i <= tags.size(); i++) {
                String tag = i < tags.size() ? tags.get(i) : "O";
                String type = tag.equals("O") ? null : tag.substring(2);
                boolean continues = tag.startsWith("I-") && type.equals(open);
                if (open != null && !continues) {
                    spans.add(new TokenSpan(open, first, i - 1));
                    open = null;
                }
                if (type != null && !continues) {
                    open = type;
                    first = i;
                }
            }
            return spans;
        }
    }
}
