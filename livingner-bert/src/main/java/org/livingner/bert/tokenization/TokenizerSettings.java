package org.livingner.bert.tokenization;

import java.util.Objects;

/**
 * What a BERT WordPiece tokenizer does besides its vocabulary, with the meaning and the defaults of
 * {@code transformers.BertTokenizer} ({@code tokenizer_config.json} keys in brackets).
 *
 * @param doLowerCase          lower-case the text [do_lower_case]; transformers' default is {@code true}
 * @param stripAccents         remove combining accents; {@code null} follows {@code doLowerCase} [strip_accents]
 * @param tokenizeChineseChars make every CJK ideograph its own word [tokenize_chinese_chars]
 * @param modelMaxLength       longest input in tokens the model accepts [model_max_length]
 */
public record TokenizerSettings(
        boolean doLowerCase,
        Boolean stripAccents,
        boolean tokenizeChineseChars,
        int modelMaxLength,
        String unkToken,
        String sepToken,
        String padToken,
        String clsToken,
        String maskToken) {

    public TokenizerSettings {
        Objects.requireNonNull(unkToken, "unkToken");
        Objects.requireNonNull(sepToken, "sepToken");
        Objects.requireNonNull(padToken, "padToken");
        Objects.requireNonNull(clsToken, "clsToken");
        Objects.requireNonNull(maskToken, "maskToken");
        if (modelMaxLength < 1) {
            throw new IllegalArgumentException("modelMaxLength must be positive, got " + modelMaxLength);
        }
    }

    /** transformers' {@code BertTokenizer} defaults (uncased). */
    public static TokenizerSettings defaults() {
        return new TokenizerSettings(true, null, true, 512, "[UNK]", "[SEP]", "[PAD]", "[CLS]", "[MASK]");
    }

    /** Cased: what bert-base-multilingual-cased uses. */
    public static TokenizerSettings cased() {
        return defaults().withLowerCase(false);
    }

    public TokenizerSettings withLowerCase(boolean lower) {
        return new TokenizerSettings(lower, stripAccents, tokenizeChineseChars, modelMaxLength,
                unkToken, sepToken, padToken, clsToken, maskToken);
    }

    public TokenizerSettings withStripAccents(Boolean strip) {
        return new TokenizerSettings(doLowerCase, strip, tokenizeChineseChars, modelMaxLength,
                unkToken, sepToken, padToken, clsToken, maskToken);
    }

    public TokenizerSettings withTokenizeChineseChars(boolean chinese) {
        return new TokenizerSettings(doLowerCase, stripAccents, chinese, modelMaxLength,
                unkToken, sepToken, padToken, clsToken, maskToken);
    }

    public TokenizerSettings withModelMaxLength(int length) {
        return new TokenizerSettings(doLowerCase, stripAccents, tokenizeChineseChars, length,
                unkToken, sepToken, padToken, clsToken, maskToken);
    }
}
