package org.livingner.uima.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a UTF-8 text file exactly: a leading byte-order mark is removed, line ends (LF, CRLF) and every other
 * character are kept, so character offsets match the file's text. Invalid UTF-8 is an error naming the byte.
 */
public final class Utf8Text {

    private Utf8Text() {
    }

    public static String read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UnreadableDocumentException(file.toString(), "cannot be read (" + e + ")", e);
        }
        return decode(bytes, file.toString());
    }

    /**
     * The text of a UTF-8 file's bytes, as {@link #read} gives it; {@code document} names it in the error. For
     * callers that read the bytes themselves (the Spark job, from any Hadoop file system).
     */
    public static String decode(byte[] bytes, String document) throws UnreadableDocumentException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new UnreadableDocumentException(document, "not valid UTF-8 at byte " + in.position()
                    + " (0x" + String.format("%02X", bytes[in.position()] & 0xFF) + "); expected a UTF-8 text file");
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
