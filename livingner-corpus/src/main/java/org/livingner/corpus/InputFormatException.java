package org.livingner.corpus;

import java.io.IOException;
import java.nio.file.Path;

/** An input file does not have the expected format; the message names the file, the line and what was expected. */
public class InputFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public InputFormatException(String message) {
        super(message);
    }

    /** {@code file:line: what}, with the file's name only so messages stay short. */
    public static InputFormatException at(Path file, int line, String what) {
        return new InputFormatException(name(file) + ":" + line + ": " + what);
    }

    /** {@code file: what}, for problems that belong to the whole file. */
    public static InputFormatException in(Path file, String what) {
        return new InputFormatException(name(file) + ": " + what);
    }

    private static String name(Path file) {
        return file == null ? "<input>" : file.toString();
    }
}
