package org.livingner.bert.tokenization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.livingner.bert.io.JsonFiles;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Hugging Face tokenizer files of a model directory: reading them strictly, writing them loadable by transformers. */
final class TokenizerFiles {

    static final String TOKENIZER_JSON = "tokenizer.json";
    static final String VOCAB_TXT = "vocab.txt";
    static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    static final String SPECIAL_TOKENS_MAP = "special_tokens_map.json";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TokenizerFiles() {
    }

    /** One piece per line, the line number (from 0) is the id, as transformers' {@code load_vocab}. */
    static List<String> readVocab(Path file) throws IOException {
        List<String> pieces = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                pieces.add(line);
            }
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": line " + (pieces.size() + 1) + ": not valid UTF-8", e);
        }
        if (pieces.isEmpty()) {
            throw new IOException(file + ": empty; expected one WordPiece token per line");
        }
        return pieces;
    }

    static void writeVocab(Path file, List<String> pieces) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String piece : pieces) {
                out.write(piece);
                out.write('\n');
            }
        }
    }

    static void writeJson(Path file, JsonNode node) throws IOException {
        JSON.writeValue(file.toFile(), node);
    }

    /**
     * {@code base} with what {@code tokenizer_config.json} and then {@code special_tokens_map.json} of {@code dir}
     * set explicitly (transformers lets the special tokens map win). Absent files or keys keep {@code base}.
     */
    static TokenizerSettings readSettings(Path dir, TokenizerSettings base) throws IOException {
        TokenizerSettings s = base;
        Path config = dir.resolve(TOKENIZER_CONFIG);
        if (Files.exists(config)) {
            JsonNode root = readObject(config);
            if (root.has("do_lower_case")) {
                s = s.withLowerCase(bool(config, root, "do_lower_case"));
            }
            if (root.has("strip_accents")) {
                JsonNode v = root.get("strip_accents");
                if (!v.isNull() && !v.isBoolean()) {
                    throw badKey(config, "strip_accents", "true, false or null", v);
                }
                s = s.withStripAccents(v.isNull() ? null : v.booleanValue());
            }
            if (root.has("tokenize_chinese_chars")) {
                s = s.withTokenizeChineseChars(bool(config, root, "tokenize_chinese_chars"));
            }
            if (root.has("model_max_length")) {
                JsonNode v = root.get("model_max_length");
                if (!v.isNumber() || v.asDouble() < 1) {
                    throw badKey(config, "model_max_length", "a positive integer", v);
                }
                // transformers writes 1e30 for "no limit"
                s = s.withModelMaxLength(v.asDouble() >= Integer.MAX_VALUE ? Integer.MAX_VALUE : v.asInt());
            }
            s = withSpecialTokens(config, root, s);
        }
        Path map = dir.resolve(SPECIAL_TOKENS_MAP);
        if (Files.exists(map)) {
            s = withSpecialTokens(map, readObject(map), s);
        }
        return s;
    }

    static void writeSettings(Path dir, TokenizerSettings s) throws IOException {
        ObjectNode config = JSON.createObjectNode();
        config.put("tokenizer_class", "BertTokenizer");
        config.put("do_lower_case", s.doLowerCase());
        if (s.stripAccents() == null) {
            config.putNull("strip_accents");
        } else {
            config.put("strip_accents", s.stripAccents());
        }
        config.put("tokenize_chinese_chars", s.tokenizeChineseChars());
        config.put("model_max_length", s.modelMaxLength());
        config.put("clean_up_tokenization_spaces", true);
        putSpecialTokens(config, s);
        writeJson(dir.resolve(TOKENIZER_CONFIG), config);

        ObjectNode map = JSON.createObjectNode();
        putSpecialTokens(map, s);
        writeJson(dir.resolve(SPECIAL_TOKENS_MAP), map);
    }

    private static void putSpecialTokens(ObjectNode node, TokenizerSettings s) {
        node.put("unk_token", s.unkToken());
        node.put("sep_token", s.sepToken());
        node.put("pad_token", s.padToken());
        node.put("cls_token", s.clsToken());
        node.put("mask_token", s.maskToken());
    }

    private static TokenizerSettings withSpecialTokens(Path file, JsonNode root, TokenizerSettings s)
            throws IOException {
        return new TokenizerSettings(s.doLowerCase(), s.stripAccents(), s.tokenizeChineseChars(),
                s.modelMaxLength(),
                specialToken(file, root, "unk_token", s.unkToken()),
                specialToken(file, root, "sep_token", s.sepToken()),
                specialToken(file, root, "pad_token", s.padToken()),
                specialToken(file, root, "cls_token", s.clsToken()),
                specialToken(file, root, "mask_token", s.maskToken()));
    }

    /** A special token is written either as a string or as an AddedToken object with a "content". */
    private static String specialToken(Path file, JsonNode root, String key, String fallback) throws IOException {
        JsonNode v = root.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isTextual() && !v.textValue().isEmpty()) {
            return v.textValue();
        }
        if (v.isObject() && v.path("content").isTextual() && !v.path("content").textValue().isEmpty()) {
            return v.path("content").textValue();
        }
        throw badKey(file, key, "a non-empty string or an object with a \"content\" string", v);
    }

    private static JsonNode readObject(Path file) throws IOException {
        JsonNode root = JsonFiles.read(file);
        if (!root.isObject()) {
            throw new IOException(file + ": expected a JSON object at top level, found " + root.getNodeType());
        }
        return root;
    }

    private static boolean bool(Path file, JsonNode root, String key) throws IOException {
        JsonNode v = root.get(key);
        if (!v.isBoolean()) {
            throw badKey(file, key, "true or false", v);
        }
        return v.booleanValue();
    }

    static IOException badKey(Path file, String key, String expected, JsonNode found) {
        return new IOException(file + ": key \"" + key + "\": expected " + expected + ", found " + found);
    }

    static IOException missing(Path dir) {
        return new NoSuchFileException(dir.toString(), null, "no tokenizer in this directory: looked for "
                + TOKENIZER_JSON + ", and for " + VOCAB_TXT + " (with optional " + TOKENIZER_CONFIG + ")");
    }
}
