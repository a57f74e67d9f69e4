package org.livingner.bert.io;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint or config file that cannot be used; the message names the file and where it went wrong. */
public class CheckpointException extends IOException {

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }

    public static CheckpointException at(Path file, long offset, String what) {
        return new CheckpointException(file + ": at byte " + offset + ": " + what);
    }

    public static CheckpointException in(Path file, String what) {
        return new CheckpointException(file + ": " + what);
    }
}
