package org.livingner.uima.ctakes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.livingner.bert.io.RawTensor;
import org.livingner.bert.io.SafeTensors;

/** The tiny fixture model, as is or made silent (used by the cTAKES and DKPro integration tests). */
public final class TestModels {
    /** Random weights: its labels are noise, its offsets are real. */
    public static final Path TINY = Path.of("livingner-bert/src/test/resources/fixtures/tiny-bert");

    private TestModels() {
    }

    /**
     * A copy of the tiny model whose classifier always answers O (label 0), so a pipeline's mentions are exactly
     * those of its rule and lexicon engines, through the real annotator.
     */
    public static Path silent(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String file : new String[] {"config.json", "vocab.txt", "tokenizer_config.json"}) {
            Files.copy(TINY.resolve(file), dir.resolve(file));
        }
        Map<String, RawTensor> weights = new LinkedHashMap<>(SafeTensors.read(TINY.resolve("model.safetensors")));
        RawTensor bias = weights.get("classifier.bias");
        float[] values = bias.toFloats();
        values[0] += 1000f;
        weights.put("classifier.bias", RawTensor.ofFloats(bias.shape(), values));
        SafeTensors.write(dir.resolve("model.safetensors"), weights);
        return dir;
    }
}
