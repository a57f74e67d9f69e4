package org.livingner.cli;

/** One line for a user from an exception chain: the innermost message, which names the file and the problem. */
public final class Errors {

    private Errors() {
    }

    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.toString() : message;
    }
}
