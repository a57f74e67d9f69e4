package org.livingner.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressReporterTest {

    /** A rate below one document a second reads 0.5 docs/s, not .5, and the bar's line is ended when it closes. */
    @Test
    void aSlowRateHasALeadingZeroAndTheBarEndsItsLine() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ProgressReporter bar = ProgressReporter.of("annotate", new PrintStream(bytes, true,
                StandardCharsets.UTF_8), true)) {
            bar.update(1, 4, false);
            Thread.sleep(2_100);
        }
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(Pattern.compile("\\b0\\.\\d docs/s").matcher(shown).find(), shown);
        assertFalse(Pattern.compile("(^|[^0-9])\\.\\d docs/s").matcher(shown).find(), shown);
        assertTrue(shown.endsWith("\n"), "what is printed next starts a line: " + shown);
    }
}
