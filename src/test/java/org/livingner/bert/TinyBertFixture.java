package org.livingner.bert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The tiny BERT made by src/test/python/make_tiny_bert.py and its reference logits. */
final class TinyBertFixture {

    record Sentence(String text, List<String> words, long[] inputIds, float[][] logits) {
    }

    static Path dir() {
        try {
            return Path.of(TinyBertFixture.class.getResource("/fixtures/tiny-bert/config.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode reference() throws IOException {
        return new ObjectMapper().readTree(dir().resolve("reference.json").toFile());
    }

    static List<Sentence> sentences() throws IOException {
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
