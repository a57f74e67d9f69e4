package org.livingner.uima;

import org.livingner.uima.internal.SharedModels;

import org.apache.uima.fit.factory.ExternalResourceFactory;
import org.apache.uima.fit.factory.UimaContextFactory;
import org.apache.uima.resource.ResourceInitializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.bert.tagging.TokenClassifier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * An engine or resource whose model failed to load holds no use of it: destroying it must not close the model that
 * another engine loaded under the same key afterwards.
 */
class ModelReleaseTest {

    /** A copy of the tiny model whose weights file is cut in half; returns the intact weights. */
    private static byte[] brokenCopy(Path model) throws Exception {
        Files.createDirectories(model);
        for (String name : new String[] {"config.json", "vocab.txt", "tokenizer_config.json"}) {
            Files.copy(Fixtures.TINY_BERT.resolve(name), model.resolve(name));
        }
        byte[] weights = Files.readAllBytes(Fixtures.TINY_BERT.resolve("model.safetensors"));
        Files.write(model.resolve("model.safetensors"), java.util.Arrays.copyOf(weights, weights.length / 2));
        return weights;
    }

    @Test
    void anAnnotatorWhoseLoadFailedReleasesNothing(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        byte[] weights = brokenCopy(model);
        LivingNerAnnotator failed = new LivingNerAnnotator();
        assertThrows(ResourceInitializationException.class, () -> failed.initialize(UimaContextFactory
                .createUimaContext(LivingNerAnnotator.PARAM_MODEL_LOCATION, model.toString())));
        Files.write(model.resolve("model.safetensors"), weights);
        SharedModels.Key key = LivingNerModelResource.keyOf(model.toString(), 16, 0);
        TokenClassifier other = SharedModels.acquire(key);
        try {
            failed.destroy();
            // throws when the model was closed under the other user
            other.predict("El paciente tiene un perro.");
        } finally {
            SharedModels.release(key);
        }
    }

    @Test
    void aModelResourceWhoseLoadFailedReleasesNothing(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        byte[] weights = brokenCopy(model);
        LivingNerModelResource failed = new LivingNerModelResource();
        assertThrows(ResourceInitializationException.class, () -> failed.initialize(ExternalResourceFactory
                .createResourceDescription(LivingNerModelResource.class,
                        LivingNerModelResource.PARAM_MODEL_LOCATION, model.toString()).getResourceSpecifier(),
                new HashMap<>()));
        Files.write(model.resolve("model.safetensors"), weights);
        SharedModels.Key key = LivingNerModelResource.keyOf(model.toString(), 16, 0);
        TokenClassifier other = SharedModels.acquire(key);
        try {
            failed.destroy();
            // throws when the model was closed under the other user
            other.predict("El paciente tiene un perro.");
        } finally {
            SharedModels.release(key);
        }
    }
}
