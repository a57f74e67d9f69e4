package org.livingner.bert.tokenization;

import org.livingner.bert.io.JsonFiles;
import org.livingner.bert.modeling.BertConfig;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.livingner.bert.tokenization.TokenizerFiles.TOKENIZER_CONFIG;
import static org.livingner.bert.tokenization.TokenizerFiles.TOKENIZER_JSON;
import static org.livingner.bert.tokenization.TokenizerFiles.VOCAB_TXT;

/**
 * BERT WordPiece tokenization identical to transformers' {@code BertTokenizerFast}: both run the Hugging Face
 * tokenizers library (here through DJL) on the same {@code tokenizer.json}, which is generated from
 * {@code vocab.txt} + {@code tokenizer_config.json} exactly as transformers converts them when a model has no
 * {@code tokenizer.json}. Offsets are UTF-16 indices into the caller's String.
 *
 * <p>Thread-safe: encoding never changes the native tokenizer.
 */
public final class BertTokenizer implements SubwordEncoder, AutoCloseable {

    /**
     * One WordPiece of a text.
     *
     * @param id        vocabulary id
     * @param piece     the vocabulary piece ("##" marks a continuation)
     * @param begin     UTF-16 offset of its first character in the original text
     * @param end       UTF-16 offset after its last character
     * @param wordIndex index of its word in {@link #words(String)} of the same text
     */
    public record Token(int id, String piece, int begin, int end, int wordIndex) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(BertTokenizer.class);

    /** Special tokens, truncation and padding are the model's business, not the tokenizer's. */
    private static final Map<String, String> PLAIN = Map.of(
            "addSpecialTokens", "false", "truncation", "false", "padding", "false");

    private final ObjectNode json;
    private final List<String> vocab;
    private final Map<String, Integer> ids;
    private final TokenizerSettings settings;
    private final HuggingFaceTokenizer pieces;
    private final HuggingFaceTokenizer wordSplitter;
    private final int unkId;
    private final int clsId;
    private final int sepId;
    private final int padId;
    private final String source;

    private BertTokenizer(ObjectNode json, List<String> vocab, TokenizerSettings settings, String source)
            throws IOException {
        this.source = source;
        this.json = json;
        this.vocab = List.copyOf(vocab);
        this.settings = settings;
        this.ids = new HashMap<>(vocab.size() * 2);
        for (int id = 0; id < vocab.size(); id++) {
            ids.put(vocab.get(id), id);
        }
        this.unkId = requiredId(source, "unk_token", settings.unkToken());
        this.clsId = requiredId(source, "cls_token", settings.clsToken());
        this.sepId = requiredId(source, "sep_token", settings.sepToken());
        this.padId = requiredId(source, "pad_token", settings.padToken());
        this.pieces = nativeTokenizer(json, source);
        this.wordSplitter = nativeTokenizer(TokenizerJson.wordSplitter(json), source);
    }

    /**
     * The tokenizer of a Hugging Face model directory: {@code tokenizer.json} when there is one (settings in
     * {@code tokenizer_config.json} override its BertNormalizer, as in BertTokenizerFast), else
     * {@code vocab.txt} with {@code tokenizer_config.json} and {@code special_tokens_map.json} when present.
     */
    public static BertTokenizer load(Path modelDir) throws IOException {
        if (!Files.isDirectory(modelDir)) {
            throw new NoSuchFileException(modelDir.toString(), null,
                    "not a directory; expected a model directory with " + TOKENIZER_JSON + " or " + VOCAB_TXT);
        }
        Path tokenizerJson = modelDir.resolve(TOKENIZER_JSON);
        if (Files.isRegularFile(tokenizerJson)) {
            JsonNode root = JsonFiles.read(tokenizerJson);
            if (!(root instanceof ObjectNode object)) {
                throw new IOException(tokenizerJson + ": expected a JSON object at top level");
            }
            List<String> vocab = TokenizerJson.vocabOf(object, tokenizerJson);
            TokenizerSettings fromJson = TokenizerJson.settingsOf(object, tokenizerJson, TokenizerSettings.defaults());
            TokenizerSettings s = TokenizerFiles.readSettings(modelDir, fromJson);
            // the WordPiece model emits its own unknown token whatever the config files call it
            s = new TokenizerSettings(s.doLowerCase(), s.stripAccents(), s.tokenizeChineseChars(),
                    s.modelMaxLength(), fromJson.unkToken(), s.sepToken(), s.padToken(), s.clsToken(), s.maskToken());
            TokenizerJson.applySettings(object, s);
            return new BertTokenizer(object, vocab, s, tokenizerJson.toString());
        }
        Path vocabTxt = modelDir.resolve(VOCAB_TXT);
        if (Files.isRegularFile(vocabTxt)) {
            if (!Files.exists(modelDir.resolve(TOKENIZER_CONFIG))) {
                LOG.warn("{} has {} but no {}: lower-casing the text, transformers' default for BERT",
                        modelDir, VOCAB_TXT, TOKENIZER_CONFIG);
            }
            List<String> vocab = TokenizerFiles.readVocab(vocabTxt);
            TokenizerSettings s = TokenizerFiles.readSettings(modelDir, TokenizerSettings.defaults());
            return new BertTokenizer(TokenizerJson.build(vocab, s), vocab, s, vocabTxt.toString());
        }
        throw TokenizerFiles.missing(modelDir);
    }

    /** A tokenizer for a vocabulary (one piece per id) with the given settings, as if read from vocab.txt. */
    public static BertTokenizer fromVocab(List<String> vocab, TokenizerSettings settings) throws IOException {
        if (vocab.isEmpty()) {
            throw new IllegalArgumentException("empty vocabulary");
        }
        return new BertTokenizer(TokenizerJson.build(vocab, settings), vocab, settings, "vocabulary");
    }

    public int clsId() {
        return clsId;
    }

    public int sepId() {
        return sepId;
    }

    public int padId() {
        return padId;
    }

    public int unkId() {
        return unkId;
    }

    public int vocabSize() {
        return vocab.size();
    }

    /**
     * Refuses a vocabulary with ids the model has no embedding row for; otherwise the first such piece in a text
     * fails deep inside the embedding lookup.
     *
     * @throws IOException naming both files and both sizes
     */
    public void checkFits(BertConfig config, Path configFile) throws IOException {
        if (vocab.size() > config.vocabSize()) {
            throw new IOException(source + " has " + vocab.size() + " pieces but " + configFile + " says vocab_size "
                    + config.vocabSize() + ": ids " + config.vocabSize() + "-" + (vocab.size() - 1) + " have no"
                    + " embedding; use the tokenizer files that were saved with this model");
        }
    }

    /** Pieces indexed by id. */
    public List<String> vocabulary() {
        return vocab;
    }

    public String piece(int id) {
        return vocab.get(id);
    }

    /** The id of a piece, or -1 when it is not in the vocabulary. */
    public int id(String piece) {
        return ids.getOrDefault(piece, -1);
    }

    public TokenizerSettings settings() {
        return settings;
    }

    /**
     * WordPiece ids of each pre-tokenized word, without special tokens (BertTokenizerFast with
     * {@code is_split_into_words=True}: a word is still normalized and split at punctuation). A word that yields
     * no piece (empty, whitespace or control characters only) gets the unknown token, so no word vanishes.
     */
    public int[][] wordPieces(List<String> words) {
        int[][] out = new int[words.size()][];
        if (words.isEmpty()) {
            return out;
        }
        String[] input = new String[words.size()];
        for (int i = 0; i < input.length; i++) {
            input[i] = CodePointOffsets.withoutLoneSurrogates(words.get(i));
        }
        Encoding encoding = pieces.encode(input, false, false);
        long[] tokenIds = encoding.getIds();
        long[] wordIds = encoding.getWordIds();
        int[] counts = new int[input.length];
        for (long w : wordIds) {
            counts[wordOf(w, input.length)]++;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = counts[i] == 0 ? new int[] {unkId} : new int[counts[i]];
        }
        int[] filled = new int[input.length];
        for (int t = 0; t < tokenIds.length; t++) {
            int w = (int) wordIds[t];
            out[w][filled[w]++] = (int) tokenIds[t];
        }
        return out;
    }

    /**
     * The WordPieces of raw text, without special tokens, with offsets into {@code text}: those of
     * BertTokenizerFast ({@code return_offsets_mapping}) in UTF-16 units, except that a span also covers the
     * combining accents right after it that the normalizer stripped.
     */
    public List<Token> tokenize(String text) {
        String input = CodePointOffsets.withoutLoneSurrogates(text);
        Encoding encoding = pieces.encode(input, false, false);
        long[] tokenIds = encoding.getIds();
        String[] tokenPieces = encoding.getTokens();
        CharSpan[] spans = encoding.getCharTokenSpans();
        CodePointOffsets offsets = CodePointOffsets.of(input);
        List<Word> words = words(text);
        List<Token> tokens = new ArrayList<>(tokenIds.length);
        int word = 0;
        for (int t = 0; t < tokenIds.length; t++) {
            int begin = offsets.toUtf16(spans[t].getStart());
            int limit = t + 1 < spans.length ? offsets.toUtf16(spans[t + 1].getStart()) : text.length();
            int end = overStrippedMarks(text, offsets.toUtf16(spans[t].getEnd()), limit);
            while (word + 1 < words.size() && words.get(word + 1).begin() <= begin) {
                word++;
            }
            tokens.add(new Token((int) tokenIds[t], tokenPieces[t], begin, end, word));
        }
        return Collections.unmodifiableList(tokens);
    }

    /**
     * BERT's basic pre-tokenization of raw text (split at whitespace and punctuation, every CJK ideograph a word
     * of its own), run by the same normalizer and pre-tokenizer as {@link #tokenize(String)}. Characters the
     * normalizer deletes (control characters, U+FFFD) belong to no word.
     */
    public List<Word> words(String text) {
        String input = CodePointOffsets.withoutLoneSurrogates(text);
        CharSpan[] spans = wordSplitter.encode(input, false, false).getCharTokenSpans();
        CodePointOffsets offsets = CodePointOffsets.of(input);
        List<Word> words = new ArrayList<>(spans.length);
        for (int w = 0; w < spans.length; w++) {
            int begin = offsets.toUtf16(spans[w].getStart());
            int limit = w + 1 < spans.length ? offsets.toUtf16(spans[w + 1].getStart()) : text.length();
            int end = overStrippedMarks(text, offsets.toUtf16(spans[w].getEnd()), limit);
            words.add(new Word(text.substring(begin, end), begin, end));
        }
        return Collections.unmodifiableList(words);
    }

    /**
     * The words of {@link #words(String)} inside each of the given words, with offsets into the same text as
     * theirs. Models trained here label these units (a corpus token such as {@code SARS-CoV-2} is read as
     * {@code SARS}, {@code -}, {@code CoV}, {@code -}, {@code 2}), so whatever split a text into the given words
     * (a segmenter, a user, the corpus) the model sees the same words and finds the same character spans.
     */
    public List<Word> modelWords(List<Word> given) {
        List<Word> out = new ArrayList<>(given.size() + given.size() / 4);
        for (Word g : given) {
            for (Word w : words(g.text())) {
                out.add(new Word(w.text(), g.begin() + w.begin(), g.begin() + w.end()));
            }
        }
        return out;
    }

    /**
     * Writes tokenizer.json, vocab.txt, tokenizer_config.json and special_tokens_map.json into {@code dir}
     * (created when missing); transformers' AutoTokenizer loads them to the same tokenizer.
     */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        TokenizerFiles.writeJson(dir.resolve(TOKENIZER_JSON), json);
        TokenizerFiles.writeVocab(dir.resolve(VOCAB_TXT), vocab);
        TokenizerFiles.writeSettings(dir, settings);
    }

    @Override
    public void close() {
        pieces.close();
        wordSplitter.close();
    }

    private int requiredId(String source, String key, String token) throws IOException {
        Integer id = ids.get(token);
        if (id == null) {
            throw new IOException(source + ": the " + key + " \"" + token + "\" is not in the vocabulary");
        }
        return id;
    }

    /**
     * Moves {@code end} past the combining marks that follow it: when accents are stripped the library maps
     * "cafe\u0301" to "cafe" and ends the span before the accent, which would cut it off a mention.
     * A mark that was not stripped is inside a token already, so this changes nothing then.
     */
    private static int overStrippedMarks(String text, int end, int limit) {
        while (end < limit && Character.getType(text.codePointAt(end)) == Character.NON_SPACING_MARK) {
            end += Character.charCount(text.codePointAt(end));
        }
        return end;
    }

    private static int wordOf(long wordId, int words) {
        if (wordId < 0 || wordId >= words) {
            throw new IllegalStateException("tokenizer returned word id " + wordId + " for " + words + " words");
        }
        return (int) wordId;
    }

    private static HuggingFaceTokenizer nativeTokenizer(JsonNode json, String source) throws IOException {
        byte[] bytes = TokenizerFiles.JSON.writeValueAsBytes(json);
        try {
            return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(bytes), PLAIN);
        } catch (RuntimeException e) {
            throw new IOException(source + ": the Hugging Face tokenizers library rejected it: " + e.getMessage(), e);
        }
    }
}
