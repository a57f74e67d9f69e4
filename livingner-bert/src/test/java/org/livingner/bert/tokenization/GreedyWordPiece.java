package org.livingner.bert.tokenization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test-only greedy longest-match WordPiece over a vocab.txt, the same algorithm as make_tiny_bert.py. */
public final class GreedyWordPiece implements SubwordEncoder {

    private final Map<String, Integer> vocab = new HashMap<>();

    public GreedyWordPiece(Path vocabTxt) throws IOException {
        List<String> lines = Files.readAllLines(vocabTxt, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isEmpty()) {
                vocab.put(lines.get(i), i);
            }
        }
    }

    @Override
    public int[][] wordPieces(List<String> words) {
        int[][] out = new int[words.size()][];
        for (int w = 0; w < words.size(); w++) {
            out[w] = pieces(words.get(w));
        }
        return out;
    }

    private int[] pieces(String word) {
        java.util.ArrayList<Integer> ids = new java.util.ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            Integer found = null;
            int end = word.length();
            for (; end > start; end--) {
                String sub = (start > 0 ? "##" : "") + word.substring(start, end);
                found = vocab.get(sub);
                if (found != null) {
                    break;
                }
            }
            if (found == null) {
                return new int[] {vocab.get("[UNK]")};
            }
            ids.add(found);
            start = end;
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public int clsId() {
        return vocab.get("[CLS]");
    }

    @Override
    public int sepId() {
        return vocab.get("[SEP]");
    }

    @Override
    public int padId() {
        return vocab.get("[PAD]");
    }
}
