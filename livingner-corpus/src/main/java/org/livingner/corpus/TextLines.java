package org.livingner.corpus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Line-oriented UTF-8 input that reports the line of an encoding error. */
final class TextLines {

    private TextLines() {
    }

    /** The file's lines: strict UTF-8, without a leading byte order mark or the CR of CRLF line ends. */
    static List<String> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        CharsetDecoder decoder = strictUtf8();
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
            String line;
            try {
                line = decoder.decode(ByteBuffer.wrap(bytes, start, stop - start)).toString();
            } catch (CharacterCodingException e) {
                throw InputFormatException.at(file, lines.size() + 1, "expected UTF-8 text, found invalid bytes");
            }
            if (lines.isEmpty() && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            lines.add(line);
            start = end + 1;
        }
        return lines;
    }

    /** The whole file as strict UTF-8, unchanged (offsets into it must stay valid). */
    static String readAll(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return strictUtf8().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw InputFormatException.in(file, "expected UTF-8 text, found invalid bytes");
        }
    }

    private static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
