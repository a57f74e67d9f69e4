package org.livingner.uima.io;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads the pages of {@link LivingNerHtmlWriter} as a user's browser and a program would: parsed with the JDK's XML
 * parser (the pages must be well-formed), the text as shown, each mention as shown, and nothing fetched from
 * anywhere. For the tests of this module and of the command line.
 */
public final class HtmlPagesCheck {

    /** A mention as a page shows it: its attributes, and its text as the concatenation of its marks. */
    public record Shown(String label, int begin, int end, String text, double confidence, String identifier,
                        String title, int offsetOfFirstMark) {
    }

    /** A parsed page: its document text (the text content of {@code div.text}) and its mentions by data-m. */
    public record Page(Document dom, String text, Map<Integer, Shown> mentions) {
        /** The legend's entries, e.g. {@code HUMAN -> 4}. */
        public Map<String, Integer> legend() {
            Map<String, Integer> legend = new LinkedHashMap<>();
            for (Element li : elements(dom, "li")) {
                String[] parts = li.getTextContent().strip().split(" ");
                legend.put(parts[0], Integer.parseInt(parts[parts.length - 1]));
            }
            return legend;
        }
    }

    private HtmlPagesCheck() {
    }

    /** Parses {@code file}, checks that it fetches nothing, and reads its text and mentions. */
    public static Page read(Path file) throws Exception {
        Document dom = parse(file);
        assertSelfContained(dom, file);
        Element text = elements(dom, "div").stream().filter(d -> d.getAttribute("class").equals("text"))
                .findFirst().orElseThrow(() -> new AssertionError(file + ": no div.text"));
        StringBuilder shown = new StringBuilder();
        Map<Integer, List<int[]>> fragments = new LinkedHashMap<>();
        Map<Integer, Element> first = new LinkedHashMap<>();
        walk(text, shown, fragments, first);
        fragments.values().forEach(list -> list.sort((a, b) -> Integer.compare(a[0], b[0])));
        Map<Integer, Shown> mentions = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<int[]>> e : fragments.entrySet()) {
            StringBuilder joined = new StringBuilder();
            int previousEnd = -1;
            for (int[] fragment : e.getValue()) {
                assertTrue(previousEnd < 0 || previousEnd == fragment[0], file + ": the marks of mention " + e.getKey()
                        + " are not contiguous");
                joined.append(shown, fragment[0], fragment[1]);
                previousEnd = fragment[1];
            }
            Element mark = first.get(e.getKey());
            String identifier = mark.hasAttribute("data-identifier") ? mark.getAttribute("data-identifier") : null;
            mentions.put(e.getKey(), new Shown(mark.getAttribute("data-label"),
                    Integer.parseInt(mark.getAttribute("data-begin")), Integer.parseInt(mark.getAttribute("data-end")),
                    joined.toString(), Double.parseDouble(mark.getAttribute("data-confidence")), identifier,
                    mark.getAttribute("title"), e.getValue().get(0)[0]));
        }
        return new Page(dom, shown.toString(), mentions);
    }

    /** The files an index links to, by the link's text (the document id), each checked to exist. */
    public static Map<String, Path> links(Path index) throws Exception {
        Document dom = parse(index);
        assertSelfContained(dom, index);
        Map<String, Path> links = new LinkedHashMap<>();
        for (Element a : elements(dom, "a")) {
            Path target = index.getParent().resolve(URLDecoder.decode(a.getAttribute("href"), StandardCharsets.UTF_8))
                    .normalize();
            assertTrue(Files.isRegularFile(target), index + " links to " + a.getAttribute("href") + ", not a file");
            links.put(a.getTextContent(), target);
        }
        return links;
    }

    /** The cells of the index's table, a row per document (and the header row first). */
    public static List<List<String>> table(Path index) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        for (Element tr : elements(parse(index), "tr")) {
            List<String> cells = new ArrayList<>();
            NodeList children = tr.getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i) instanceof Element cell) {
                    cells.add(cell.getTextContent());
                }
            }
            rows.add(cells);
        }
        return rows;
    }

    /**
     * {@code text} as a page holds it: the characters XML cannot hold (controls other than tab and line breaks,
     * unpaired surrogates, U+FFFE, U+FFFF) each replaced by U+FFFD.
     */
    public static String asShown(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                boolean xml = c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c < 0xD800
                        || c >= 0xE000 && c <= 0xFFFD;
                out.append(xml ? c : '\uFFFD');
            }
        }
        return out.toString();
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    private static void walk(Node node, StringBuilder shown, Map<Integer, List<int[]>> fragments,
                             Map<Integer, Element> first) {
        NodeList children = node.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node child = children.item(i);
            if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
                shown.append(child.getNodeValue());
            } else if (child instanceof Element element) {
                int start = shown.length();
                walk(element, shown, fragments, first);
                if (element.getLocalName().equals("mark")) {
                    int m = Integer.parseInt(element.getAttribute("data-m"));
                    fragments.computeIfAbsent(m, k -> new ArrayList<>()).add(new int[] {start, shown.length()});
                    first.putIfAbsent(m, element);
                }
            }
        }
    }

    /** No element that loads anything, no absolute link, no CSS import or url(). */
    private static void assertSelfContained(Document dom, Path file) {
        Set<String> loaders = Set.of("script", "link", "img", "iframe", "object", "embed", "video", "audio",
                "source", "picture", "base");
        NodeList all = dom.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            assertFalse(loaders.contains(e.getLocalName()), file + ": has a " + e.getLocalName() + " element");
            assertFalse(e.hasAttribute("src"), file + ": " + e.getLocalName() + " has a src");
            assertFalse(e.getAttribute("href").contains(":"), file + ": links to " + e.getAttribute("href"));
            if (e.getLocalName().equals("style")) {
                String css = e.getTextContent();
                assertFalse(css.contains("url(") || css.contains("@import") || css.contains("@font-face"),
                        file + ": its CSS fetches something");
            }
        }
        assertEquals("http://www.w3.org/1999/xhtml", dom.getDocumentElement().getNamespaceURI(), file.toString());
    }

    static List<Element> elements(Document dom, String name) {
        NodeList nodes = dom.getElementsByTagNameNS("*", name);
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }
}
