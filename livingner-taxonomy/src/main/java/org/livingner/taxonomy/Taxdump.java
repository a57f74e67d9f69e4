package org.livingner.taxonomy;

import org.livingner.corpus.InputFormatException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of the NCBI taxdump format ({@code names.dmp}, {@code nodes.dmp}): fields separated by {@code "\t|\t"}, every
 * row ending with {@code "\t|"}, UTF-8. A row that does not end so (a file cut off in the middle of a line), has
 * fewer fields than the file needs or a field that is not what the column holds is refused with the file, the line
 * and what was expected.
 */
final class Taxdump {

    static final String SEPARATOR = "\t|\t";
    static final String ROW_END = "\t|";

    /** Receives one row: its fields and its 1-based line. */
    @FunctionalInterface
    interface RowHandler {
        void row(String[] fields, int line) throws InputFormatException;
    }

    private Taxdump() {
    }

    /**
     * Calls {@code handler} for each row of {@code in}, which holds {@code file} (named in errors); each row must have
     * at least {@code minFields} fields, described by {@code layout} in errors (e.g.
     * {@code "tax_id | name_txt | unique name | name class"}).
     */
    static void read(InputStream in, String file, int minFields, String layout, RowHandler handler)
            throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)),
                1 << 16);
        int lineNo = 0;
        String line;
        while (true) {
            try {
                line = reader.readLine();
            } catch (CharacterCodingException e) {
                throw new InputFormatException(file + ":" + (lineNo + 1) + ": expected UTF-8 text, found invalid"
                        + " bytes");
            }
            if (line == null) {
                break;
            }
            lineNo++;
            if (!line.endsWith(ROW_END)) {
                throw new InputFormatException(file + ":" + lineNo + ": expected a taxdump row '" + layout
                        + "' (fields separated by TAB|TAB, ending with TAB|), found '" + abbreviated(line) + "'"
                        + (line.isEmpty() ? "" : " (not ending with TAB|: a truncated file?)"));
            }
            String[] fields = split(line.substring(0, line.length() - ROW_END.length()));
            if (fields.length < minFields) {
                throw new InputFormatException(file + ":" + lineNo + ": expected " + minFields + " fields '" + layout
                        + "', found " + fields.length + " in '" + abbreviated(line) + "'");
            }
            handler.row(fields, lineNo);
        }
        if (lineNo == 0) {
            throw new InputFormatException(file + ": expected taxdump rows '" + layout + "', found an empty file");
        }
    }

    /** The field at {@code index} as a taxon id (a non-negative decimal number), else an error naming the column. */
    static int taxonId(String[] fields, int index, String column, String file, int line)
            throws InputFormatException {
        String value = fields[index];
        if (!value.isEmpty() && value.length() <= 10 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long id = Long.parseLong(value);
            if (id <= Integer.MAX_VALUE) {
                return (int) id;
            }
        }
        throw new InputFormatException(file + ":" + line + ": expected a taxon id (a number) in field "
                + (index + 1) + " (" + column + "), found '" + value + "'");
    }

    private static String[] split(String body) {
        List<String> fields = new ArrayList<>(16);
        int start = 0;
        while (true) {
            int at = body.indexOf(SEPARATOR, start);
            if (at < 0) {
                fields.add(body.substring(start));
                return fields.toArray(new String[0]);
            }
            fields.add(body.substring(start, at));
            start = at + SEPARATOR.length();
        }
    }

    private static String abbreviated(String line) {
        String visible = line.replace("\t", "<TAB>");
        return visible.length() <= 80 ? visible : visible.substring(0, 77) + "...";
    }
}
