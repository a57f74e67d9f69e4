package org.livingner.bert.tokenization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.livingner.bert.tokenization.TokenizerFiles.JSON;

/**
 * The {@code tokenizer.json} of the Hugging Face tokenizers library for a BERT WordPiece vocabulary: the same
 * pipeline transformers' {@code BertTokenizerFast} builds from {@code vocab.txt} (BertNormalizer,
 * BertPreTokenizer, WordPiece, "[CLS] $A [SEP]" template), so both run the same Rust code on the same settings.
 */
public final class TokenizerJson {

    public static final String CONTINUING_SUBWORD_PREFIX = "##";
    static final int MAX_INPUT_CHARS_PER_WORD = 100;

    private TokenizerJson() {
    }

    static ObjectNode build(List<String> vocab, TokenizerSettings s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        List<String> specials = List.of(s.padToken(), s.unkToken(), s.clsToken(), s.sepToken(), s.maskToken());
        specials.stream()
                .distinct()
                .filter(vocab::contains)
                .sorted((a, b) -> Integer.compare(vocab.lastIndexOf(a), vocab.lastIndexOf(b)))
                .forEach(t -> {
                    ObjectNode token = added.addObject();
                    token.put("id", vocab.lastIndexOf(t));
                    token.put("content", t);
                    token.put("single_word", false);
                    token.put("lstrip", false);
                    token.put("rstrip", false);
                    token.put("normalized", false);
                    token.put("special", true);
                });
        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("type", "BertNormalizer");
        normalizer.put("clean_text", true);
        applySettings(root, s);
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        root.set("post_processor", template(vocab, s));
        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "WordPiece");
        decoder.put("prefix", CONTINUING_SUBWORD_PREFIX);
        decoder.put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece");
        model.put("unk_token", s.unkToken());
        model.put("continuing_subword_prefix", CONTINUING_SUBWORD_PREFIX);
        model.put("max_input_chars_per_word", MAX_INPUT_CHARS_PER_WORD);
        ObjectNode vocabNode = model.putObject("vocab");
        for (int id = 0; id < vocab.size(); id++) {
            // a repeated line keeps its last id, like transformers' load_vocab
            vocabNode.put(vocab.get(id), id);
        }
        return root;
    }

    private static ObjectNode template(List<String> vocab, TokenizerSettings s) {
        ObjectNode post = JSON.createObjectNode();
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        special(single, s.clsToken(), 0);
        sequence(single, "A", 0);
        special(single, s.sepToken(), 0);
        ArrayNode pair = post.putArray("pair");
        special(pair, s.clsToken(), 0);
        sequence(pair, "A", 0);
        special(pair, s.sepToken(), 0);
        sequence(pair, "B", 1);
        special(pair, s.sepToken(), 1);
        ObjectNode specials = post.putObject("special_tokens");
        for (String t : List.of(s.clsToken(), s.sepToken())) {
            ObjectNode entry = specials.putObject(t);
            entry.put("id", t);
            entry.putArray("ids").add(vocab.lastIndexOf(t));
            entry.putArray("tokens").add(t);
        }
        return post;
    }

    private static void special(ArrayNode template, String token, int typeId) {
        ObjectNode inner = template.addObject().putObject("SpecialToken");
        inner.put("id", token);
        inner.put("type_id", typeId);
    }

    private static void sequence(ArrayNode template, String id, int typeId) {
        ObjectNode inner = template.addObject().putObject("Sequence");
        inner.put("id", id);
        inner.put("type_id", typeId);
    }

    /** Writes the settings into a BertNormalizer (what BertTokenizerFast does with tokenizer_config.json). */
    static void applySettings(ObjectNode root, TokenizerSettings s) {
        JsonNode normalizer = root.path("normalizer");
        if (normalizer instanceof ObjectNode n && "BertNormalizer".equals(n.path("type").asText())) {
            n.put("handle_chinese_chars", s.tokenizeChineseChars());
            if (s.stripAccents() == null) {
                n.putNull("strip_accents");
            } else {
                n.put("strip_accents", s.stripAccents());
            }
            n.put("lowercase", s.doLowerCase());
        }
    }

    /** {@code base} with the normalizer's and the model's settings of a tokenizer.json. */
    static TokenizerSettings settingsOf(JsonNode root, Path file, TokenizerSettings base) throws IOException {
        TokenizerSettings s = base;
        JsonNode n = root.path("normalizer");
        if ("BertNormalizer".equals(n.path("type").asText())) {
            s = s.withLowerCase(n.path("lowercase").asBoolean(true))
                    .withTokenizeChineseChars(n.path("handle_chinese_chars").asBoolean(true));
            JsonNode strip = n.path("strip_accents");
            s = s.withStripAccents(strip.isBoolean() ? strip.booleanValue() : null);
        }
        JsonNode unk = root.path("model").path("unk_token");
        if (!unk.isTextual()) {
            throw TokenizerFiles.badKey(file, "model.unk_token", "a string", unk);
        }
        return new TokenizerSettings(s.doLowerCase(), s.stripAccents(), s.tokenizeChineseChars(),
                s.modelMaxLength(), unk.textValue(), s.sepToken(), s.padToken(), s.clsToken(), s.maskToken());
    }

    /** The WordPiece vocabulary of a tokenizer.json, indexed by id; ids must be 0..n-1 like embedding rows. */
    static List<String> vocabOf(JsonNode root, Path file) throws IOException {
        JsonNode model = root.path("model");
        if (!"WordPiece".equals(model.path("type").asText())) {
            throw TokenizerFiles.badKey(file, "model.type", "\"WordPiece\" (a BERT tokenizer)", model.path("type"));
        }
        JsonNode vocab = model.path("vocab");
        if (!vocab.isObject() || vocab.isEmpty()) {
            throw TokenizerFiles.badKey(file, "model.vocab", "a non-empty object of piece -> id", vocab);
        }
        String[] pieces = new String[vocab.size()];
        for (Map.Entry<String, JsonNode> e : vocab.properties()) {
            JsonNode id = e.getValue();
            if (!id.canConvertToInt() || id.asInt() < 0 || id.asInt() >= pieces.length) {
                throw TokenizerFiles.badKey(file, "model.vocab[\"" + e.getKey() + "\"]",
                        "an id in 0.." + (pieces.length - 1), id);
            }
            if (pieces[id.asInt()] != null) {
                throw TokenizerFiles.badKey(file, "model.vocab[\"" + e.getKey() + "\"]",
                        "an id no other piece has (\"" + pieces[id.asInt()] + "\" has it)", id);
            }
            pieces[id.asInt()] = e.getKey();
        }
        return new ArrayList<>(Arrays.asList(pieces));
    }

    /**
     * A tokenizer that only normalizes and pre-tokenizes like {@code root}: its WordLevel model knows no word, so
     * every pre-token becomes one unknown token spanning the whole word.
     */
    static ObjectNode wordSplitter(JsonNode root) {
        ObjectNode splitter = JSON.createObjectNode();
        splitter.put("version", "1.0");
        splitter.putNull("truncation");
        splitter.putNull("padding");
        ArrayNode added = splitter.putArray("added_tokens");
        int id = 1;
        for (JsonNode token : root.path("added_tokens")) {
            ObjectNode copy = ((ObjectNode) token).deepCopy();
            copy.put("id", id++);
            added.add(copy);
        }
        splitter.set("normalizer", copyOrNull(root, "normalizer"));
        splitter.set("pre_tokenizer", copyOrNull(root, "pre_tokenizer"));
        splitter.putNull("post_processor");
        splitter.putNull("decoder");
        ObjectNode model = splitter.putObject("model");
        model.put("type", "WordLevel");
        model.putObject("vocab").put("<word>", 0);
        model.put("unk_token", "<word>");
        return splitter;
    }

    private static JsonNode copyOrNull(JsonNode root, String key) {
        JsonNode v = root.get(key);
        return v == null ? JSON.nullNode() : v.deepCopy();
    }
}
