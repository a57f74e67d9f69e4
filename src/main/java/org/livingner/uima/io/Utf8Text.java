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

    /** A file's text and whether a byte order mark was removed from its start. */
    public record Content(String text, boolean byteOrderMark) {
    }

    public static String read(Path file) throws IOException {
        return readContent(file).text();
    }

    /** The file's text without a leading byte order mark, and whether it had one. */
    public static Content readContent(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UnreadableDocumentException(file.toString(), "cannot be read (" + e + ")", e);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new UnreadableDocumentException(file.toString(), "not valid UTF-8 at byte " + in.position()
                    + " (0x" + String.format("%02X", bytes[in.position()] & 0xFF) + "); expected a UTF-8 text file");
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? new Content(text.substring(1), true) : new Content(text, false);
    }
}
