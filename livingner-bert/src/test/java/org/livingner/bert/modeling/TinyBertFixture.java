package org.livingner.bert.modeling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The tiny BERT made by src/test/python/make_tiny_bert.py and its reference logits. */
public final class TinyBertFixture {

    public record Sentence(String text, List<String> words, long[] inputIds, float[][] logits) {
    }

    /** The fixture's directory in the source tree (every module's tests run in the repository's root). */
    public static final Path DIR = Path.of("livingner-bert/src/test/resources/fixtures/tiny-bert");

    public static Path dir() {
        return DIR;
    }

    static JsonNode reference() throws IOException {
        return new ObjectMapper().readTree(dir().resolve("reference.json").toFile());
    }

    public static List<Sentence> sentences() throws IOException {
        List<Sentence> out = new ArrayList<>();
        for (JsonNode s : reference().get("sentences")) {
            List<String> words = new ArrayList<>();
            s.get("words").forEach(w -> words.add(w.asText()));
            out.add(new Sentence(s.get("text").asText(), words, longs(s.get("input_ids")), matrix(s.get("logits"))));
        }
        return out;
    }

    static long[] longs(JsonNode n) {
        long[] v = new long[n.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = n.get(i).asLong();
        }
        return v;
    }

    static float[][] matrix(JsonNode n) {
        float[][] m = new float[n.size()][];
        for (int i = 0; i < m.length; i++) {
            JsonNode row = n.get(i);
            m[i] = new float[row.size()];
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] = (float) row.get(j).asDouble();
            }
        }
        return m;
    }

    private TinyBertFixture() {
    }
}
