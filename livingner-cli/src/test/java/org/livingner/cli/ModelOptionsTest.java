package org.livingner.cli;

import org.junit.jupiter.api.Test;
import org.livingner.uima.LivingNerAnnotator;
import org.livingner.uima.PipelineSettings;
import picocli.CommandLine;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's model options are {@link PipelineSettings}: the same defaults, and a lossless round trip. */
class ModelOptionsTest {

    private static final PipelineSettings DEFAULTS = PipelineSettings.defaults();

    @Test
    void anEmptyCommandLineGivesTheRecordsDefaults() {
        AnnotateCommand annotate = new AnnotateCommand();
        new CommandLine(annotate).parseArgs("in.txt");
        assertEquals(DEFAULTS, annotate.model.settings(annotate.refine.list));

        BenchBatchCommand bench = new BenchBatchCommand();
        new CommandLine(bench).parseArgs();
        assertEquals(DEFAULTS, bench.model.settings(bench.refine.list));
    }

    /** What --help shows as each option's default is the record's default. */
    @Test
    void helpShowsTheRecordsDefaults() {
        CommandLine annotate = new CommandLine(new AnnotateCommand());
        Map<String, Object> defaults = Map.of(
                PipelineSettings.OPTION_CONTEXT, DEFAULTS.context(),
                PipelineSettings.OPTION_PACKED_LENGTH, DEFAULTS.packedLength(),
                PipelineSettings.OPTION_PACKED_CONTEXT, DEFAULTS.packedContext(),
                PipelineSettings.OPTION_WINDOW, DEFAULTS.window(),
                PipelineSettings.OPTION_BATCH_SIZE, DEFAULTS.batchSize(),
                PipelineSettings.OPTION_MAX_SEQUENCE_LENGTH, DEFAULTS.maxSequenceLength(),
                PipelineSettings.OPTION_MIN_CONFIDENCE, DEFAULTS.minConfidence(),
                PipelineSettings.OPTION_REFINE, DEFAULTS.refine(),
                PipelineSettings.OPTION_LANGUAGE, DEFAULTS.language(),
                PipelineSettings.OPTION_PRECISION, DEFAULTS.precision());
        defaults.forEach((option, value) -> {
            // as --help prints it: ${DEFAULT-VALUE} filled in
            String shown = String.join(" ", annotate.getCommandSpec().findOption(option).description());
            assertTrue(shown.contains("(default: " + value), option + " shows: " + shown);
        });
    }

    /** A child JVM given {@link PipelineSettings#arguments()} reads back the very same settings. */
    @Test
    void theSettingsArgumentsReadBackAsTheSameSettings() {
        PipelineSettings settings = new PipelineSettings("some/model", List.of("O", "B-SPECIES", "I-SPECIES",
                "B-HUMAN", "I-HUMAN"), LivingNerAnnotator.CONTEXT_WINDOWS, 128, 16, 5, 8, 96, 0.125,
                "fragment-merger,propagation", "ca", false, "some/taxdump", "fp32");
        assertEquals(14, settings.getClass().getRecordComponents().length, "a new setting needs a value here");
        for (Object[] component : new Object[][] {{settings.model(), DEFAULTS.model()},
                {settings.labels(), DEFAULTS.labels()}, {settings.context(), DEFAULTS.context()},
                {settings.packedLength(), DEFAULTS.packedLength()},
                {settings.packedContext(), DEFAULTS.packedContext()},
                {settings.window(), DEFAULTS.window()}, {settings.batchSize(), DEFAULTS.batchSize()},
                {settings.maxSequenceLength(), DEFAULTS.maxSequenceLength()},
                {settings.minConfidence(), DEFAULTS.minConfidence()}, {settings.refine(), DEFAULTS.refine()},
                {settings.language(), DEFAULTS.language()},
                {settings.lineBreaksEndSentences(), DEFAULTS.lineBreaksEndSentences()},
                {settings.taxonomy(), DEFAULTS.taxonomy()},
                {settings.precision(), DEFAULTS.precision()}}) {
            assertNotEquals(component[1], component[0], "every setting differs from its default");
        }
        BenchBatchCommand child = new BenchBatchCommand();
        new CommandLine(child).parseArgs(settings.arguments().toArray(String[]::new));
        assertEquals(settings, child.model.settings(child.refine.list));
    }
}
