package org.livingner.uima;

import org.apache.uima.analysis_engine.AnalysisEngineDescription;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.fit.factory.ConfigurationParameterFactory;
import org.apache.uima.resource.CustomResourceSpecifier;
import org.apache.uima.resource.ExternalResourceDescription;
import org.apache.uima.resource.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One source of truth: the engines' parameter defaults are the record's, and the record checks what it is given. */
class PipelineSettingsTest {

    private static final PipelineSettings DEFAULTS = PipelineSettings.defaults();

    /**
     * Each parameter a uimaFIT component declares and its default (null when it has none), without uimaFIT's own
     * ({@code __UIMAFIT_...}, e.g. a resource's name).
     */
    private static Map<String, Object> declaredDefaults(Class<?> component) {
        ConfigurationParameterFactory.ConfigurationData data =
                ConfigurationParameterFactory.createConfigurationData(component);
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (int i = 0; i < data.configurationParameters.length; i++) {
            String name = data.configurationParameters[i].getName();
            if (!name.startsWith("__UIMAFIT_")) {
                defaults.put(name, data.configurationValues[i]);
            }
        }
        return defaults;
    }

    @Test
    void theEnginesParameterDefaultsAreTheRecordsDefaults() {
        Map<String, Object> annotator = declaredDefaults(LivingNerAnnotator.class);
        assertEquals(DEFAULTS.context(), annotator.get(LivingNerAnnotator.PARAM_CONTEXT));
        assertEquals(DEFAULTS.packedLength(), annotator.get(LivingNerAnnotator.PARAM_PACKED_LENGTH));
        assertEquals(DEFAULTS.packedContext(), annotator.get(LivingNerAnnotator.PARAM_PACKED_CONTEXT));
        assertEquals(DEFAULTS.window(), annotator.get(LivingNerAnnotator.PARAM_WINDOW_SENTENCES));
        assertEquals(DEFAULTS.minConfidence(),
                ((Number) annotator.get(LivingNerAnnotator.PARAM_MIN_CONFIDENCE)).doubleValue());

        Map<String, Object> resource = declaredDefaults(LivingNerModelResource.class);
        assertEquals(DEFAULTS.model(), resource.get(LivingNerModelResource.PARAM_MODEL_LOCATION));
        assertEquals(DEFAULTS.batchSize(), resource.get(LivingNerModelResource.PARAM_BATCH_SIZE));
        assertEquals(DEFAULTS.maxSequenceLength(), resource.get(LivingNerModelResource.PARAM_MAX_SEQUENCE_LENGTH));
        assertEquals(DEFAULTS.labels(), resource.get(LivingNerModelResource.PARAM_LABELS));
        assertEquals(DEFAULTS.precision(), resource.get(LivingNerModelResource.PARAM_PRECISION));
    }

    /** The pipeline of the default settings gives its engines exactly what they would take without parameters. */
    @Test
    void theDefaultPipelineSetsEveryParameterToItsDeclaredDefault() throws Exception {
        AnalysisEngineDescription pipeline = LivingNerPipeline.create();
        AnalysisEngineDescription annotator = (AnalysisEngineDescription) pipeline
                .getDelegateAnalysisEngineSpecifiers().get(LivingNerPipeline.ANNOTATOR);
        Map<String, Object> set = ConfigurationParameterFactory.getParameterSettings(annotator);
        declaredDefaults(LivingNerAnnotator.class).forEach((name, declared) -> {
            if (declared != null) {
                assertEquals(declared, set.get(name), name);
            }
        });

        ExternalResourceDescription model = Arrays.stream(annotator.getResourceManagerConfiguration()
                .getExternalResources()).filter(r -> r.getName().equals(LivingNerPipeline.MODEL_RESOURCE_NAME))
                .findFirst().orElseThrow();
        Map<String, String> resourceSet = new HashMap<>();
        for (Parameter p : ((CustomResourceSpecifier) model.getResourceSpecifier()).getParameters()) {
            resourceSet.put(p.getName(), p.getValue());
        }
        declaredDefaults(LivingNerModelResource.class).forEach((name, declared) ->
                assertEquals(declared == null ? null : String.valueOf(declared), resourceSet.get(name), name));
    }

    /** docs/uima.md lists every PARAM_ of the annotator and the model resource, each with its default. */
    @Test
    void theUimaDocListsEveryParameterWithItsDefault() throws Exception {
        String doc = Files.readString(Path.of("docs/uima.md"), StandardCharsets.UTF_8);
        for (Class<?> component : List.of(LivingNerAnnotator.class, LivingNerModelResource.class)) {
            String heading = "### " + component.getSimpleName() + " parameters\n";
            int at = doc.indexOf(heading);
            assertTrue(at >= 0, "docs/uima.md has no section '" + heading.strip() + "'");
            int end = doc.indexOf("\n#", at + heading.length());
            List<String> rows = doc.substring(at, end < 0 ? doc.length() : end).lines()
                    .filter(l -> l.startsWith("| `PARAM_")).toList();
            Map<String, Object> defaults = declaredDefaults(component);
            for (Field field : component.getDeclaredFields()) {
                if (!field.getName().startsWith("PARAM_") || !Modifier.isPublic(field.getModifiers())) {
                    continue;
                }
                String name = (String) field.get(null);
                String row = rows.stream().filter(r -> r.startsWith("| `" + field.getName() + "` "))
                        .findFirst().orElseThrow(() -> new AssertionError("docs/uima.md, " + heading.strip()
                                + ": no row for " + field.getName()));
                Object declared = defaults.get(name);
                String defaultCell = row.split("\\|")[2];
                assertTrue(defaultCell.contains(declared == null ? "unset" : "`" + declared + "`"),
                        field.getName() + "'s default is " + (declared == null ? "unset" : "`" + declared + "`")
                                + ", the doc says:" + defaultCell);
            }
        }
    }

    private static void assertRefused(String message, Executable settings) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, settings);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aBadSettingIsRefusedNamingItAndWhatItExpects() {
        assertRefused("precision (--precision) must be one of [auto, int8, fp32], found 'int4'",
                () -> DEFAULTS.withPrecision("int4"));
        assertRefused("context (--context) must be packed or windows, found 'sliding'",
                () -> DEFAULTS.withContext("sliding"));
        assertRefused("packedLength (--packed-length)=2, packedContext (--packed-context)=32: packed length must be"
                + " at least 3", () -> DEFAULTS.withPackedLength(2));
        assertRefused("packedContext (--packed-context) must be at least 0, found -1",
                () -> DEFAULTS.withPackedContext(-1));
        assertRefused("window (--window) must be at least 1, found 0", () -> DEFAULTS.withWindow(0));
        assertRefused("batchSize (--batch-size) must be at least 1, found 0", () -> DEFAULTS.withBatchSize(0));
        assertRefused("maxSequenceLength (--max-seq-length) must be 0 (the model's limit) or at least 3",
                () -> DEFAULTS.withMaxSequenceLength(2));
        assertRefused("minConfidence (--min-confidence) must be a number between 0 and 1 (a probability), found NaN",
                () -> DEFAULTS.withMinConfidence(Double.NaN));
        assertRefused("minConfidence (--min-confidence) must be a number between 0 and 1 (a probability), found 1.5",
                () -> DEFAULTS.withMinConfidence(1.5));
        assertRefused("found -0.1", () -> DEFAULTS.withMinConfidence(-0.1));
        assertRefused("labels (--labels) must be names without commas",
                () -> DEFAULTS.withLabels(List.of("O", "B-HUMAN,I-HUMAN")));
        assertRefused("appears twice", () -> DEFAULTS.withLabels(List.of("O", "O")));
        assertRefused("--refine 'fragment-merger,bogus': unknown engine 'bogus'",
                () -> DEFAULTS.withRefine("fragment-merger,bogus"));
        // the packing only counts when sentences are packed, as in the engine
        assertDoesNotThrow(() -> DEFAULTS.withContext(LivingNerAnnotator.CONTEXT_WINDOWS).withPackedLength(2));
    }

    @Test
    void nullsMeanTheDefaults() {
        assertEquals(DEFAULTS, new PipelineSettings(null, List.of(), null, DEFAULTS.packedLength(),
                DEFAULTS.packedContext(), DEFAULTS.window(), DEFAULTS.batchSize(), DEFAULTS.maxSequenceLength(),
                DEFAULTS.minConfidence(), null, " ", DEFAULTS.lineBreaksEndSentences(), " ", null));
    }

    /** The journal refuses to resume when these differ: every setting but the batch size changes what is written. */
    @Test
    void theJournalRecordChangesWithEverySettingButTheBatchSize() {
        List<Map.Entry<String, PipelineSettings>> changed = List.of(
                Map.entry("model", DEFAULTS.withModel("elsewhere")),
                Map.entry("labels", DEFAULTS.withLabels(List.of("O", "B-SPECIES", "I-SPECIES", "B-HUMAN", "I-HUMAN"))),
                Map.entry("context", DEFAULTS.withContext(LivingNerAnnotator.CONTEXT_WINDOWS)),
                Map.entry("context", DEFAULTS.withPackedLength(128)),
                Map.entry("context", DEFAULTS.withPackedContext(8)),
                Map.entry("window", DEFAULTS.withWindow(5)),
                Map.entry("max-seq-length", DEFAULTS.withMaxSequenceLength(128)),
                Map.entry("min-confidence", DEFAULTS.withMinConfidence(0.5)),
                Map.entry("refine", DEFAULTS.withRefine("none")),
                Map.entry("language", DEFAULTS.withLanguage("en")),
                Map.entry("line-breaks", DEFAULTS.withLineBreaksEndSentences(false)),
                Map.entry("taxonomy", DEFAULTS.withTaxonomy("/data/ncbi-taxdump")),
                Map.entry("precision", DEFAULTS.withPrecision("fp32")));
        Map<String, String> before = DEFAULTS.journalSettings();
        for (Map.Entry<String, PipelineSettings> change : changed) {
            assertNotEquals(before.get(change.getKey()), change.getValue().journalSettings().get(change.getKey()),
                    change.getKey() + " of " + change.getValue());
        }
        assertEquals(before, DEFAULTS.withBatchSize(4).journalSettings());
        assertEquals("packed 256/32", before.get("context"));
    }

    /** Spark ships the settings to its executors. */
    @Test
    void settingsSurviveJavaSerialization() throws Exception {
        PipelineSettings settings = DEFAULTS.withContext(LivingNerAnnotator.CONTEXT_WINDOWS).withWindow(1)
                .withLabels(List.of("O", "B-HUMAN", "I-HUMAN")).withMinConfidence(0.25).withRefine("none");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(settings);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(settings, in.readObject());
        }
    }
}
