package org.livingner.uima.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.livingner.Mention;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The markup of {@link LivingNerHtmlWriter}: a page per document and the index. Pages are well-formed XHTML that
 * browsers read as HTML5 (polyglot markup), with their CSS inline and nothing fetched, so they open offline and parse
 * with any XML parser. The text is written as it is, except characters XML cannot hold (control characters other than
 * tab and line breaks, unpaired surrogates, U+FFFE, U+FFFF), each replaced by U+FFFD; a carriage return is written as
 * {@code &#13;}, which parsers keep. So the text content of a page's {@code div.text} is the document text character
 * for character, and a mention at Java {@code String} offsets {@code begin..end} is the {@code mark} that starts at
 * offset {@code begin} of that text content.
 */
final class HtmlPages {

    /** A document's page as the index lists it: its id, the page's path below the output, mentions per label. */
    record Summary(String document, String path, Map<String, Integer> counts) {
        int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String CSS = String.join("",
            "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;",
            "color:#1f2328;background:#fff}",
            "header,main{max-width:64rem;margin:0 auto;padding:.75rem 1.5rem}",
            "header{border-bottom:1px solid #d0d7de}",
            "h1{font-size:1.35rem;margin:.25rem 0;overflow-wrap:anywhere}",
            "a{color:#0969da;text-decoration:none}",
            ".legend{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;list-style:none;padding:0;margin:.4rem 0}",
            ".key{border-radius:.3rem;padding:.05rem .45rem;font-weight:600;font-size:.85rem}",
            ".note{color:#59636e;font-size:.85rem}",
            ".text{white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:plaintext;line-height:2.2;",
            "font-size:1.05rem}",
            "mark{color:inherit;border-radius:.3rem;padding:.1rem .2rem;unicode-bidi:isolate;",
            "-webkit-box-decoration-break:clone;box-decoration-break:clone}",
            "mark::after{content:attr(data-label);font-size:.6rem;font-weight:700;letter-spacing:.03em;",
            "margin-inline-start:.3rem;vertical-align:.15rem;opacity:.7}",
            "mark.cont::after{content:none}",
            "mark mark{box-shadow:inset 0 0 0 1px rgba(0,0,0,.35)}",
            "mark[data-identifier]{border-bottom:2px solid #1f2328}",
            "table{border-collapse:collapse;margin:.5rem 0}",
            "th,td{padding:.2rem .8rem;border-bottom:1px solid #d0d7de;text-align:end;",
            "font-variant-numeric:tabular-nums}",
            "th:first-child,td:first-child{text-align:start;overflow-wrap:anywhere}");

    private HtmlPages() {
    }

    /**
     * A document's page.
     *
     * @param path     the page's path below the output without {@code .html} ({@code sub/caso_1}), for the link back
     *                 to the index
     * @param mentions at Java {@code String} offsets into {@code text}; they may nest or overlap
     */
    static String page(String document, String path, String language, String text, List<Mention> mentions) {
        return page(document, path, language, text, mentions, code -> null);
    }

    /**
     * As above; {@code codeNames} tells what an NCBI code names, for the hover ({@code "9615 Canis lupus
     * familiaris"}), null where it cannot.
     */
    static String page(String document, String path, String language, String text, List<Mention> mentions,
                       Function<String, String> codeNames) {
        Map<String, Integer> counts = counts(mentions);
        List<String> labels = legendLabels(counts.keySet());
        StringBuilder out = new StringBuilder(text.length() * 2 + 4096);
        head(out, document + " · LivingNER", labels);
        out.append("<body data-document=\"");
        attribute(out, document);
        out.append("\" data-counts=\"");
        attribute(out, json(counts));
        out.append("\">\n<header><nav><a href=\"").append("../".repeat(depth(path))).append("index.html\">")
                .append("← all documents</a></nav>\n<h1>");
        text(out, document, 0, document.length());
        out.append("</h1>\n");
        legend(out, labels, counts);
        out.append("<p class=\"note\">").append(mentions.size()).append(mentions.size() == 1 ? " mention" : " mentions")
                .append("; hover over one for its confidence and NCBI Taxonomy code.</p>\n</header>\n<main>\n")
                .append("<div class=\"text\" dir=\"auto\"");
        if (language != null && !language.isBlank()) {
            out.append(" lang=\"");
            attribute(out, language);
            out.append('"');
        }
        out.append('>');
        highlighted(out, text, mentions, labels, codeNames);
        out.append("</div>\n</main>\n</body>\n</html>\n");
        return out.toString();
    }

    /** The index: every page with its mentions per label, and the totals. */
    static String index(Collection<Summary> pages) {
        List<Summary> sorted = new ArrayList<>(pages);
        sorted.sort(Comparator.comparing(Summary::path));
        Map<String, Integer> totals = new LinkedHashMap<>();
        for (Summary page : sorted) {
            page.counts().forEach((label, n) -> totals.merge(label, n, Integer::sum));
        }
        List<String> labels = legendLabels(totals.keySet());
        StringBuilder out = new StringBuilder(4096 + 200 * sorted.size());
        head(out, "LivingNER mentions", labels);
        out.append("<body>\n<header><h1>LivingNER mentions</h1>\n");
        legend(out, labels, totals);
        int all = totals.values().stream().mapToInt(Integer::intValue).sum();
        out.append("<p class=\"note\">").append(sorted.size())
                .append(sorted.size() == 1 ? " document, " : " documents, ")
                .append(all).append(all == 1 ? " mention" : " mentions").append(".</p>\n</header>\n<main>\n<table>\n")
                .append("<thead><tr><th>document</th>");
        for (String label : labels) {
            out.append("<th>");
            text(out, label, 0, label.length());
            out.append("</th>");
        }
        out.append("<th>mentions</th></tr></thead>\n<tbody>\n");
        for (Summary page : sorted) {
            out.append("<tr><td><a href=\"./").append(href(page.path())).append(".html\">");
            text(out, page.document(), 0, page.document().length());
            out.append("</a></td>");
            for (String label : labels) {
                out.append("<td>").append(page.counts().getOrDefault(label, 0)).append("</td>");
            }
            out.append("<td>").append(page.total()).append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n</main>\n</body>\n</html>\n");
        return out.toString();
    }

    /**
     * What the index says about a page found in the output, written by an earlier run (a resumed one skips its
     * document); null when the file is not one of these pages.
     */
    static Summary read(Path file, String path) {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader reader = factory.createXMLStreamReader(in, StandardCharsets.UTF_8.name());
            try {
                while (reader.hasNext()) {
                    if (reader.next() == XMLStreamConstants.START_ELEMENT && reader.getLocalName().equals("body")) {
                        String document = reader.getAttributeValue(null, "data-document");
                        String counts = reader.getAttributeValue(null, "data-counts");
                        return document == null || counts == null ? null : new Summary(document, path,
                                JSON.readValue(counts, new TypeReference<LinkedHashMap<String, Integer>>() { }));
                    }
                }
                return null;
            } finally {
                reader.close();
            }
        } catch (IOException | XMLStreamException e) {
            return null;
        }
    }

    /** Mentions per label, in legend order. */
    static Map<String, Integer> counts(List<Mention> mentions) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<String> labels = legendLabels(mentions.stream().map(Mention::label).toList());
        for (String label : labels) {
            counts.put(label, 0);
        }
        for (Mention m : mentions) {
            counts.merge(m.label(), 1, Integer::sum);
        }
        return counts;
    }

    /** HUMAN and SPECIES always (a page without SPECIES says 0), then any other label, sorted. */
    private static List<String> legendLabels(Collection<String> present) {
        List<String> labels = new ArrayList<>(List.of("HUMAN", "SPECIES"));
        TreeSet<String> others = new TreeSet<>(present);
        others.removeAll(labels);
        labels.addAll(others);
        return labels;
    }

    private static void head(StringBuilder out, String title, List<String> labels) {
        out.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<meta name=\"generator\" content=\"livingner-uima\"/>\n<title>");
        text(out, title, 0, title.length());
        out.append("</title>\n<style>").append(CSS);
        for (int i = 0; i < labels.size(); i++) {
            out.append(".l").append(i).append("{background:").append(LabelColours.of(labels.get(i))).append('}');
        }
        out.append("</style>\n</head>\n");
    }

    private static void legend(StringBuilder out, List<String> labels, Map<String, Integer> counts) {
        out.append("<ul class=\"legend\">");
        for (int i = 0; i < labels.size(); i++) {
            out.append("<li><span class=\"key l").append(i).append("\">");
            text(out, labels.get(i), 0, labels.get(i).length());
            out.append("</span> ").append(counts.getOrDefault(labels.get(i), 0)).append("</li>");
        }
        out.append("</ul>\n");
    }

    /**
     * The text with a {@code mark} per mention. Mentions that nest become nested marks; one that crosses another's
     * end is split into marks that each nest, all with the same {@code data-m}, the last without the class
     * {@code cont} (its label is drawn after it).
     */
    private static void highlighted(StringBuilder out, String text, List<Mention> mentions, List<String> labels,
                                    Function<String, String> codeNames) {
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < mentions.size(); i++) {
            Mention m = mentions.get(i);
            int begin = Math.max(0, Math.min(m.begin(), text.length()));
            int end = Math.max(begin, Math.min(m.end(), text.length()));
            if (end > begin) {
                spans.add(new Span(i, m, begin, end));
            }
        }
        spans.sort(Comparator.comparingInt(Span::begin).thenComparing(Comparator.comparingInt(Span::end).reversed())
                .thenComparingInt(Span::index));
        TreeSet<Integer> boundaries = new TreeSet<>();
        spans.forEach(s -> {
            boundaries.add(s.begin());
            boundaries.add(s.end());
        });
        boundaries.add(text.length());
        Deque<Span> open = new ArrayDeque<>();
        int next = 0;
        int at = 0;
        for (int boundary : boundaries) {
            text(out, text, at, boundary);
            at = boundary;
            if (open.stream().anyMatch(s -> s.end() == boundary)) {
                // close down to the deepest mention ending here; the ones above it that go on are reopened after it
                Deque<Span> reopen = new ArrayDeque<>();
                while (open.stream().anyMatch(s -> s.end() == boundary)) {
                    Span top = open.pop();
                    out.append("</mark>");
                    if (top.end() != boundary) {
                        reopen.push(top);
                    }
                }
                while (!reopen.isEmpty()) {
                    openMark(out, reopen.peek(), open, labels, codeNames);
                    open.push(reopen.pop());
                }
            }
            while (next < spans.size() && spans.get(next).begin() == boundary) {
                openMark(out, spans.get(next), open, labels, codeNames);
                open.push(spans.get(next++));
            }
        }
    }

    /** A mention as drawn: its index in the document's list, and its offsets clipped to the text. */
    private record Span(int index, Mention mention, int begin, int end) {
    }

    /**
     * Opens a mark for {@code span} inside the marks {@code open}. It is the mention's last fragment unless one of
     * them ends first (the mark is then closed there and the mention goes on in a new one).
     */
    private static void openMark(StringBuilder out, Span span, Deque<Span> open, List<String> labels,
                                 Function<String, String> codeNames) {
        Mention m = span.mention();
        boolean last = open.stream().allMatch(outer -> outer.end() >= span.end());
        out.append("<mark class=\"l").append(labels.indexOf(m.label())).append(last ? "" : " cont")
                .append("\" data-m=\"").append(span.index()).append("\" data-label=\"");
        attribute(out, m.label());
        out.append("\" data-begin=\"").append(span.begin()).append("\" data-end=\"").append(span.end())
                .append("\" data-confidence=\"").append(m.confidence()).append('"');
        boolean coded = m.identifier() != null && !m.identifier().isBlank();
        if (coded) {
            out.append(" data-identifier=\"");
            attribute(out, m.identifier());
            out.append('"');
        }
        out.append(" title=\"");
        attribute(out, m.label() + String.format(Locale.ROOT, "\nconfidence %.4f", m.confidence())
                + (coded ? "\nNCBI Taxonomy " + named(m.identifier(), codeNames) : "")
                + (m.source() == null || m.source().isBlank() ? "" : "\nby " + m.source()));
        out.append("\">");
    }

    private static String named(String code, Function<String, String> codeNames) {
        String name = codeNames.apply(code);
        return name == null || name.isBlank() ? code : name;
    }

    private static String json(Map<String, Integer> counts) {
        try {
            return JSON.writeValueAsString(counts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int depth(String path) {
        return (int) path.chars().filter(c -> c == '/').count();
    }

    /** {@code path} as a relative URL: each segment percent-encoded (UTF-8), unreserved characters kept. */
    static String href(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c == '/' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
                    || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }

    /**
     * {@code s[from, to)} as XML text: markup escaped, a carriage return as a reference, what XML cannot hold as
     * U+FFFD.
     */
    static void text(StringBuilder out, String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r' -> out.append("&#13;");
                default -> i = character(out, s, i, to);
            }
        }
    }

    /** {@code s} as an attribute value inside double quotes; white space as references, so parsers keep it. */
    static void attribute(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\r' -> out.append("&#13;");
                case '\n' -> out.append("&#10;");
                case '\t' -> out.append("&#9;");
                default -> i = character(out, s, i, s.length());
            }
        }
    }

    /** Appends the character at {@code i} (both halves of a surrogate pair) or U+FFFD; returns the last index used. */
    private static int character(StringBuilder out, String s, int i, int to) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(i + 1));
            return i + 1;
        }
        boolean allowed = c == '\t' || c == '\n' || c >= 0x20 && c < 0xD800 || c >= 0xE000 && c <= 0xFFFD;
        out.append(allowed ? c : '\uFFFD');
        return i;
    }
}
