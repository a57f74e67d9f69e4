package org.livingner.uima.io;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads a text file exactly: UTF-8 unless another charset is named (hospital exports come in ISO-8859-1 or
 * windows-1252), a leading byte-order mark removed, line ends (LF, CRLF) and every other character kept, so character
 * offsets match the file's text. Bytes that are not valid in the charset are an error naming the byte.
 */
public final class Utf8Text {

    /** The default document size limit of the readers, 16 MiB, as a parameter default (a string). */
    public static final String DEFAULT_MAX_BYTES_TEXT = "16777216";

    /** The default document size limit of the readers in bytes (16 MiB). */
    public static final long DEFAULT_MAX_BYTES = Long.parseLong(DEFAULT_MAX_BYTES_TEXT);

    /** The largest array the JVM allocates; a file past it cannot be one String whatever the heap. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private Utf8Text() {
    }

    /** A file's text and whether a byte order mark was removed from its start. */
    public record Content(String text, boolean byteOrderMark) {
    }

    public static String read(Path file) throws IOException {
        return read(file, DEFAULT_MAX_BYTES).text();
    }

    /**
     * @param maxBytes a larger file is refused before it is read (it would fill the heap, or not fit an array)
     * @throws UnreadableDocumentException naming the file and why: unreadable, too large, or not UTF-8
     */
    public static Content read(Path file, long maxBytes) throws IOException {
        return read(new FileSystemResource(file), file.toString(), maxBytes, StandardCharsets.UTF_8);
    }

    /** As {@link #read(Path, long)}, for any resource a reader lists (a file, a class path or jar entry). */
    static Content read(Resource resource, String document, long maxBytes, Charset charset) throws IOException {
        byte[] bytes;
        try {
            long size = resource.contentLength();
            if (size > maxBytes || size > MAX_ARRAY) {
                throw tooLarge(document, "is " + size + " bytes", maxBytes, size > MAX_ARRAY);
            }
            try (InputStream in = resource.getInputStream()) {
                // bounded whatever the size said: a device or a file that grows reports a size it does not keep to
                long limit = Math.min(maxBytes, MAX_ARRAY);
                bytes = in.readNBytes((int) limit + 1);
                if (bytes.length > limit) {
                    throw tooLarge(document, "has more than " + limit + " bytes", maxBytes, limit < maxBytes);
                }
            }
        } catch (UnreadableDocumentException e) {
            throw e;
        } catch (IOException e) {
            throw new UnreadableDocumentException(document, "cannot be read (" + e + ")", e);
        }
        return decode(bytes, document, charset);
    }

    /**
     * The text of a stream of unknown length (standard input), read to its end.
     *
     * @param document names the text in errors
     * @throws UnreadableDocumentException naming the document and why: unreadable, longer than {@code maxBytes}
     *                                     (refused once that many bytes were read), or not valid in {@code charset}
     */
    public static Content read(InputStream in, String document, long maxBytes, Charset charset) throws IOException {
        long limit = Math.min(maxBytes, MAX_ARRAY);
        byte[] bytes;
        try {
            bytes = in.readNBytes((int) limit + 1);
        } catch (IOException e) {
            throw new UnreadableDocumentException(document, "cannot be read (" + e + ")", e);
        }
        if (bytes.length > limit) {
            throw tooLarge(document, "has more than " + limit + " bytes", maxBytes, limit < maxBytes);
        }
        return decode(bytes, document, charset);
    }

    private static UnreadableDocumentException tooLarge(String document, String size, long maxBytes,
                                                        boolean overArrayLimit) {
        return new UnreadableDocumentException(document, size + ", over the document size limit of "
                + Math.min(maxBytes, MAX_ARRAY) + " bytes (annotate --max-document-size, reader parameter"
                + " maxDocumentSize" + (overArrayLimit ? "; 2 GiB at most" : "") + "); split the document or raise"
                + " the limit");
    }

    /**
     * The text of a UTF-8 file's bytes, as {@link #read} gives it; {@code document} names it in the error. For
     * callers that read the bytes themselves (the Spark job, from any Hadoop file system).
     */
    public static Content decode(byte[] bytes, String document) throws UnreadableDocumentException {
        return decode(bytes, document, StandardCharsets.UTF_8);
    }

    /** As {@link #decode(byte[], String)}, for bytes in {@code charset}. */
    public static Content decode(byte[] bytes, String document, Charset charset) throws UnreadableDocumentException {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) Math.min(MAX_ARRAY,
                (long) Math.ceil(bytes.length * (double) decoder.maxCharsPerByte()) + 1));
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            String name = charset.name();
            throw new UnreadableDocumentException(document, "not valid " + name + " at byte " + in.position()
                    + " (0x" + String.format("%02X", bytes[in.position()] & 0xFF) + "); expected a " + name
                    + " text file; if it is in another encoding, name it (annotate --encoding, e.g. windows-1252;"
                    + " reader parameter sourceEncoding)");
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? new Content(text.substring(1), true) : new Content(text, false);
    }
}
