package org.livingner.taxonomy;

import org.livingner.corpus.InputFormatException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaxonomyTest {

    static final Path FIXTURE = Path.of("livingner-taxonomy/src/test/resources/fixtures/taxdump");

    @TempDir
    Path tmp;

    @Test
    void readsTheHierarchyRanksAndTheNamesThatNameATaxon() throws IOException {
        Taxonomy t = Taxonomy.load(FIXTURE);
        assertEquals(33, t.size());
        assertEquals(1279, t.parent(1280));
        assertEquals(Taxonomy.ROOT, t.parent(Taxonomy.ROOT));
        assertEquals("species", t.rank(1280));
        assertEquals("Staphylococcus aureus", t.scientificName(1280));
        assertEquals(4, t.depth(1280)); // root > cellular organisms > Bacteria > Staphylococcus > S. aureus
        assertTrue(t.containsOrIs(2, 1280));
        assertTrue(t.containsOrIs("1280", "1280"));
        assertFalse(t.containsOrIs(1280, 2));
        assertFalse(t.containsOrIs(2759, 1280));
        assertFalse(t.containsOrIs("2", "2697049")); // unknown to this taxonomy
        List<String> classes = t.names().stream().map(Taxonomy.Name::nameClass).distinct().toList();
        assertTrue(classes.contains("misspelling") && classes.contains("acronym"), classes.toString());
        assertFalse(classes.contains("authority") || classes.contains("type material"), classes.toString());
    }

    @Test
    void filesNamesWhatLoadReadsThePlainDumpBeforeItsGzip() throws IOException {
        Taxonomy.load(FIXTURE).writeTaxdump(tmp, id -> id == 1280);
        assertEquals(List.of(tmp.resolve("names.dmp.gz"), tmp.resolve("nodes.dmp.gz")), Taxonomy.files(tmp));
        Files.copy(FIXTURE.resolve("names.dmp"), tmp.resolve("names.dmp"));
        assertEquals(List.of(tmp.resolve("names.dmp"), tmp.resolve("nodes.dmp.gz")), Taxonomy.files(tmp));
        assertEquals(List.of(), Taxonomy.files(tmp.resolve("absent")));
    }

    @Test
    void writesAPrunedGzippedTaxdumpWithTheAncestorsThatReadsBackTheSame() throws IOException {
        Taxonomy t = Taxonomy.load(FIXTURE);
        t.writeTaxdump(tmp, id -> id == 1280 || id == 64320);
        assertTrue(Files.isRegularFile(tmp.resolve("names.dmp.gz")));
        Taxonomy pruned = Taxonomy.load(tmp);
        // 1280 with Staphylococcus, Bacteria, cellular organisms, root; 64320 with Viruses
        assertEquals(List.of(1, 2, 1279, 1280, 10239, 64320, 131567), pruned.taxa().boxed().sorted().toList());
        assertEquals("Zika virus", pruned.scientificName(64320));
        assertEquals(t.names().stream().filter(n -> n.taxon() == 1280).toList(),
                pruned.names().stream().filter(n -> n.taxon() == 1280).toList());
        Path again = tmp.resolve("again");
        t.writeTaxdump(again, id -> id == 1280 || id == 64320);
        assertEquals(-1L, Files.mismatch(tmp.resolve("names.dmp.gz"), again.resolve("names.dmp.gz")),
                "the same taxonomy writes the same bytes");
    }

    @Test
    void refusesAMissingDirectoryOrFileNamingIt() {
        IOException e = assertThrows(IOException.class, () -> Taxonomy.load(tmp.resolve("nowhere")));
        assertTrue(e.getMessage().contains("nowhere") && e.getMessage().contains("names.dmp"), e.getMessage());
        e = assertThrows(IOException.class, () -> Taxonomy.load(tmp));
        assertTrue(e.getMessage().contains(tmp.resolve("names.dmp") + ": missing"), e.getMessage());
    }

    @Test
    void refusesATruncatedFileNamingTheFileAndTheLine() throws IOException {
        byte[] nodes = Files.readAllBytes(FIXTURE.resolve("nodes.dmp"));
        write("nodes.dmp", new String(nodes, 0, nodes.length - 20, StandardCharsets.UTF_8)); // cut in the last row
        copy("names.dmp");
        String message = assertThrows(InputFormatException.class, () -> Taxonomy.load(tmp)).getMessage();
        assertTrue(message.startsWith(tmp.resolve("nodes.dmp") + ":33: expected a taxdump row"), message);
        assertTrue(message.contains("truncated"), message);
    }

    @Test
    void refusesAFileCutAtALineEndByWhatIsMissing() throws IOException {
        List<String> names = Files.readAllLines(FIXTURE.resolve("names.dmp"));
        write("names.dmp", String.join("\n", names.subList(0, 40)) + "\n"); // the last taxa lose their names
        copy("nodes.dmp");
        String message = assertThrows(InputFormatException.class, () -> Taxonomy.load(tmp)).getMessage();
        assertTrue(message.contains("names.dmp: expected a scientific name for every taxon, found none for"), message);
        assertTrue(message.contains("nodes.dmp line"), message);

        List<String> nodes = Files.readAllLines(FIXTURE.resolve("nodes.dmp"));
        write("nodes.dmp", String.join("\n", nodes.subList(0, 30)) + "\n"); // names of taxa it no longer has
        copy("names.dmp");
        message = assertThrows(InputFormatException.class, () -> Taxonomy.load(tmp)).getMessage();
        assertTrue(message.matches(".*names\\.dmp:\\d+: expected a taxon of .*nodes\\.dmp, found tax_id \\d+.*"),
                message);
    }

    @Test
    void refusesRowsThatAreNotInDumpFormat() throws IOException {
        copy("names.dmp");
        write("nodes.dmp", "1\t|\t1\t|\tno rank\t|\n2\t|\t1\t|\n");
        assertMessage("nodes.dmp:2: expected 3 fields 'tax_id | parent tax_id | rank | ...', found 2");
        write("nodes.dmp", "1\t|\t1\t|\tno rank\t|\nBacteria\t|\t1\t|\tsuperkingdom\t|\n");
        assertMessage("nodes.dmp:2: expected a taxon id (a number) in field 1 (tax_id), found 'Bacteria'");
        write("nodes.dmp", "1,1,no rank\n");
        assertMessage("nodes.dmp:1: expected a taxdump row 'tax_id | parent tax_id | rank | ...'");
        write("nodes.dmp", "");
        assertMessage("nodes.dmp: expected taxdump rows 'tax_id | parent tax_id | rank | ...', found an empty file");
        write("nodes.dmp", "1\t|\t1\t|\tno rank\t|\n2\t|\t7\t|\tsuperkingdom\t|\n");
        assertMessage("nodes.dmp:2: taxon 2 has parent 7, expected a taxon of the file");
        write("nodes.dmp", "2\t|\t2\t|\tsuperkingdom\t|\n");
        assertMessage("nodes.dmp: expected the root taxon 1");
    }

    private void assertMessage(String expected) {
        String message = assertThrows(InputFormatException.class, () -> Taxonomy.load(tmp)).getMessage();
        assertTrue(message.startsWith(tmp.resolve(expected.substring(0, expected.indexOf(':'))).toString()
                + expected.substring(expected.indexOf(':'))), message);
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(tmp.resolve(name), text);
    }

    private void copy(String name) throws IOException {
        Files.copy(FIXTURE.resolve(name), tmp.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
