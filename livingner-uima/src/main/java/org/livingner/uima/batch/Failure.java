package org.livingner.uima.batch;

import org.livingner.corpus.LivingNerTsv;
import org.livingner.uima.io.Documents;
import org.livingner.uima.io.UnreadableDocumentException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A document that failed, and why, in one line each (as the error report and the journal hold them). Also the one
 * place that turns any exception into the one-line reason a user is shown ({@link #reason}): the batch runner, the
 * command line and the Spark job all word their failures with it.
 */
public record Failure(String document, String reason) {

    /**
     * A document's name is escaped as LivingNER TSV spans are ({@code \t}, {@code \n}, {@code \r}, {@code \\}
     * when it holds a tab or line break), so a file of such a name is still named exactly; the reason, prose, has
     * its tabs and line breaks as spaces.
     */
    public Failure {
        document = document == null ? null : LivingNerTsv.escapeSpan(document);
        reason = Documents.oneLine(reason);
    }

    /**
     * The failure {@code e} describes: an unreadable document's own name and reason (the file, which says more than
     * the id the reader would have given it), otherwise {@code document} and {@link #reason(Throwable)}.
     */
    public static Failure of(String document, Throwable e) {
        UnreadableDocumentException unreadable = unreadable(e);
        return unreadable != null ? new Failure(unreadable.document(), unreadable.reason())
                : new Failure(document, reason(e));
    }

    /**
     * What went wrong, in one line: an unreadable document's name and reason, or else the innermost message (the one
     * that names the file or value at fault; UIMA's wrappers have none of their own), together with the context an
     * outer exception added around it (an outer message that repeats the inner one, as {@code "refining doc: " +
     * e.getMessage()} does, is shown instead of it). A message that is only its cause's {@code toString()}, as
     * {@code new RuntimeException(cause)} makes, adds nothing and is passed over.
     */
    public static String reason(Throwable e) {
        UnreadableDocumentException unreadable = unreadable(e);
        if (unreadable != null) {
            return Documents.oneLine(unreadable.getMessage());
        }
        List<Throwable> chain = chain(e);
        Throwable root = chain.get(chain.size() - 1);
        String reason = hasText(root.getMessage()) ? root.getMessage() : root.toString();
        for (int i = chain.size() - 2; i >= 0; i--) {
            Throwable outer = chain.get(i);
            String message = outer.getMessage();
            if (hasText(message) && message.contains(reason)
                    && !message.equals(String.valueOf(outer.getCause()))) {
                reason = message;
            }
        }
        return Documents.oneLine(reason);
    }

    private static UnreadableDocumentException unreadable(Throwable e) {
        for (Throwable t : chain(e)) {
            if (t instanceof UnreadableDocumentException u) {
                return u;
            }
        }
        return null;
    }

    /** {@code e} and its causes, outermost first; a cause seen before ends it (a cycle). */
    private static List<Throwable> chain(Throwable e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }

    @Override
    public String toString() {
        return document + ": " + reason;
    }
}
