package org.livingner.uima.batch;

import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.collection.CollectionException;
import org.apache.uima.resource.ResourceInitializationException;
import org.junit.jupiter.api.Test;
import org.livingner.uima.io.UnreadableDocumentException;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one-line reasons users are shown for failures. */
class FailureTest {

    @Test
    void theInnermostMessageIsShownThroughUimaWrappersThatHaveNone() {
        Exception e = new ResourceInitializationException(new AnalysisEngineProcessException(
                new IOException("model/config.json: no such file")));
        assertEquals("model/config.json: no such file", Failure.reason(e));
    }

    @Test
    void anOuterMessageThatAddsContextToTheInnerOneIsShownInstead() {
        IOException inner = new IOException("Connection refused");
        Exception e = new ResourceInitializationException(new IllegalStateException(
                "Cannot reach the hub (Connection refused); set HF_HUB_OFFLINE=1 to use the cache", inner));
        assertEquals("Cannot reach the hub (Connection refused); set HF_HUB_OFFLINE=1 to use the cache",
                Failure.reason(e));
    }

    @Test
    void aMessageThatIsOnlyItsCauseIsPassedOver() {
        assertEquals("disk full", Failure.reason(new UncheckedIOException(new IOException("disk full"))));
        assertEquals("java.lang.IllegalStateException", Failure.reason(new RuntimeException(
                new IllegalStateException())), "no message anywhere: the innermost exception's name");
    }

    @Test
    void anUnreadableDocumentIsNamedByItsFileAndReason() {
        Exception e = new CollectionException(new UnreadableDocumentException("/in/b.txt",
                "not valid UTF-8 at byte 3 (0xC3); expected a UTF-8 text file"));
        assertEquals("/in/b.txt: not valid UTF-8 at byte 3 (0xC3); expected a UTF-8 text file", Failure.reason(e));
        Failure failure = Failure.of("(input 2)", e);
        assertEquals("/in/b.txt", failure.document());
        assertEquals("not valid UTF-8 at byte 3 (0xC3); expected a UTF-8 text file", failure.reason());
        assertEquals(new Failure("doc_1", "disk full"), Failure.of("doc_1", new IOException("disk full")));
    }

    @Test
    void reasonsAndNamesAreOneLine() {
        assertEquals("line 3:  expected a tab", Failure.reason(new IOException("line 3:\n\texpected a tab")));
        // a name is escaped (it names a file exactly), a reason has spaces
        assertEquals("a\\tb", new Failure("a\tb", "x").document());
        assertEquals("a\\nb", new Failure("a\nb", "x").document());
        assertEquals("x y", new Failure("a", "x\ty").reason());
    }
}
