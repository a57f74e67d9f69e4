package org.livingner.bert.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.CharConversionException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads the JSON files of a model directory (config.json, tokenizer.json, tokenizer_config.json, …) as strictly
 * as Python's {@code json} and the tokenizers library do: text after the value and a key given twice are
 * errors, not silently ignored or overwritten. {@code NaN} and {@code Infinity}, which Python writes, are read as
 * numbers so that the key holding one can be named. Every error names the file and, where the parser knows it,
 * the line and column.
 */
public final class JsonFiles {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private JsonFiles() {
    }

    /**
     * The JSON value in {@code file}: a missing node when the file is empty.
     *
     * @throws CheckpointException naming the file, and where and what the problem is, when it is not valid JSON
     */
    public static JsonNode read(Path file) throws IOException {
        try {
            return STRICT.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + " column "
                    + at.getColumnNr();
            throw new CheckpointException(file + ": not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        } catch (CharConversionException e) {
            // bytes that fit no JSON encoding (UTF-8, -16, -32) fail in the decoder, before the parser knows a line
            throw new CheckpointException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }
}
