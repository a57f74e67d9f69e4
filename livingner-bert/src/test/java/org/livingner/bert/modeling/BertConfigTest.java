package org.livingner.bert.modeling;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.livingner.bert.io.CheckpointException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A config.json whose numbers would make the model compute nonsense (a LayerNorm eps that is negative or NaN) or
 * exhaust the heap before anything is read (a million layers, a billion labels) is refused when it is read,
 * naming the file, the key, what was expected and what was found.
 */
class BertConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The tiny fixture's config.json with {@code key} set to {@code rawValue}, written as is (NaN included). */
    private Path configWith(String key, String rawValue, String... removed) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(TinyBertFixture.dir().resolve("config.json").toFile());
        root.remove(key);
        for (String r : removed) {
            root.remove(r);
        }
        String rest = JSON.writeValueAsString(root);
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"" + key + "\": " + rawValue + ", " + rest.substring(1));
        return file;
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            layer_norm_eps          | -1                | a finite number above 0 and below 1 | -1
            layer_norm_eps          | NaN               | a finite number above 0 and below 1 | NaN
            layer_norm_eps          | Infinity          | a finite number above 0 and below 1 | Infinity
            layer_norm_eps          | '"NaN"'           | a number                            | "NaN"
            layer_norm_eps          | 0                 | a finite number above 0 and below 1 | 0
            num_hidden_layers       | 1e6               | an integer from 1 to 100            | 1000000
            num_hidden_layers       | 0                 | an integer from 1 to 100            | 0
            num_hidden_layers       | 2.5               | an integer                          | 2.5
            hidden_size             | 100000            | an integer from 1 to 16384          | 100000
            vocab_size              | 20000000          | an integer from 1 to 10000000       | 20000000
            intermediate_size       | 1e7               | an integer from 1 to 65536          | 10000000
            max_position_embeddings | 1e7               | an integer from 1 to 65536          | 10000000
            num_attention_heads     | 3                 | a divisor of hidden_size 32         | 3
            num_attention_heads     | 64                | an integer from 1 to 32             | 64
            type_vocab_size         | 0                 | an integer from 1 to 1024           | 0
            pad_token_id            | 497               | an integer from 0 to 496            | 497
            hidden_dropout_prob     | 1.5               | a number from 0 to below 1          | 1.5
            attention_probs_dropout_prob | NaN          | a number from 0 to below 1          | NaN
            """)
    void aValueOutOfBoundsIsRefusedNamingFileKeyExpectedAndFound(String key, String value, String expected,
                                                                 String found) throws IOException {
        Path file = configWith(key, value);

        CheckpointException e = assertThrows(CheckpointException.class, () -> BertConfig.load(file));

        assertTrue(e.getMessage().startsWith(file + ": key '" + key + "': expected " + expected + ", found "
                + found), e.getMessage());
    }

    /** num_labels counts the labels when id2label is absent; a billion of them was "Java heap space". */
    @ParameterizedTest(name = "num_labels = {0}")
    @CsvSource({"1e9, 1000000000", "0, 0", "-2, -2"})
    void aLabelCountOutOfBoundsIsRefusedBeforeAnyLabelIsMade(String value, String found) throws IOException {
        Path file = configWith("num_labels", value, "id2label", "label2id");

        CheckpointException e = assertThrows(CheckpointException.class, () -> BertConfig.load(file));

        assertTrue(e.getMessage().startsWith(file + ": key 'num_labels': expected an integer from 1 to 10000, found "
                + found), e.getMessage());
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                   | ''                            | expected a JSON object
            '[]'                                 | ''                            | expected a JSON object
            '{"vocab_size": 5, "vocab_size": 6}' | 'not valid JSON at line 1 '   | Duplicate field 'vocab_size'
            '{"vocab_size": 5} {}'               | 'not valid JSON at line 1 '   | Trailing token
            """)
    void aFileThatIsNoSingleJsonObjectIsRefusedNamingIt(String text, String where, String problem)
            throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, text);

        CheckpointException e = assertThrows(CheckpointException.class, () -> BertConfig.load(file));

        assertTrue(e.getMessage().startsWith(file + ": " + where) && e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void theFixtureAndNumLabelsWithinBoundsLoad() throws IOException {
        assertEquals(5, BertConfig.load(TinyBertFixture.dir().resolve("config.json")).numLabels());
        assertEquals(7, BertConfig.load(configWith("num_labels", "7", "id2label", "label2id")).numLabels());
    }

    @Test
    void configsMadeInCodeAreBoundToo() {
        BertConfig fine = BertConfig.mbertCased(java.util.List.of("O"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fine.withNumHiddenLayers(1_000_000));
        assertEquals("key 'num_hidden_layers': expected an integer from 1 to 100, found 1000000", e.getMessage());
    }
}
