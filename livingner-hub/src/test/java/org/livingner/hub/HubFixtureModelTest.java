package org.livingner.hub;

import org.livingner.bert.tagging.LabelMapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.bert.modeling.BertConfig;
import org.livingner.bert.tokenization.BertTokenizer;
import org.livingner.hub.ModelLocation;
import org.livingner.bert.modeling.Checkpoints;
import org.livingner.bert.io.RawTensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The path of the reference checkpoint, end to end on the tiny fixture model: a 2022-style repository with
 * only {@code pytorch_model.bin} and generic {@code LABEL_n} names, fetched through {@code hf:} from the
 * local hub, then loaded by the checkpoint reader and the tokenizer, with the labels named by the user.
 */
class HubFixtureModelTest {

    static final Path FIXTURE = Path.of("livingner-bert/src/test/resources/fixtures/tiny-bert");

    @TempDir
    Path tmp;

    @Test
    void aPytorchBinModelWithGenericLabelsLoadsFromTheHub() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(FIXTURE.resolve("config.json").toFile());
        ObjectNode generic = config.putObject("id2label");
        for (int i = 0; i < 5; i++) {
            generic.put(Integer.toString(i), "LABEL_" + i);
        }
        config.remove("label2id");
        files.put("config.json", json.writeValueAsBytes(config));
        for (String f : List.of("vocab.txt", "tokenizer_config.json", "pytorch_model.bin")) {
            files.put(f, Files.readAllBytes(FIXTURE.resolve(f)));
        }
        try (FakeHub hub = new FakeHub()) {
            hub.add("ajtamayoh/tiny-fixture", FakeHub.commit(22), files, Set.of("pytorch_model.bin"));
            ModelLocation locations = new ModelLocation(
                    new HubSettings(hub.endpoint(), tmp.resolve("hf"), false, Optional.empty()),
                    tmp.resolve("extracted"), getClass().getClassLoader());

            Path dir = locations.locate("hf:ajtamayoh/tiny-fixture");

            assertFalse(Files.exists(dir.resolve("model.safetensors")));
            BertConfig cfg = BertConfig.load(dir.resolve("config.json"));
            assertTrue(LabelMapping.isGeneric(cfg.labels()), cfg.labels().toString());
            BertConfig named = cfg.withLabels(LabelMapping.apply(cfg.labels(),
                    LabelMapping.parse("O,B-HUMAN,I-HUMAN,B-SPECIES,I-SPECIES"), dir.resolve("config.json").toString()));
            assertEquals(List.of("O", "B-HUMAN", "I-HUMAN", "B-SPECIES", "I-SPECIES"), named.labels());

            Map<String, RawTensor> fromHub = Checkpoints.load(dir, named);
            Map<String, RawTensor> direct = Checkpoints.load(FIXTURE, BertConfig.load(FIXTURE.resolve("config.json")));
            assertEquals(direct.keySet(), fromHub.keySet());
            for (String key : direct.keySet()) {
                assertArrayEquals(direct.get(key).toFloats(), fromHub.get(key).toFloats(), key);
            }
            assertEquals(named.vocabSize(), BertTokenizer.load(dir).vocabSize());
        }
    }
}
