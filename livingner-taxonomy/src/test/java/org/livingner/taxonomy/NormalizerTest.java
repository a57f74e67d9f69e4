package org.livingner.taxonomy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The normaliser on the small taxonomy of the fixture and a handful of training codes, one test per kind of name
 * that clinical Spanish gives an organism; each checks the code and, where it matters, the way it was found, so a
 * case cannot pass by another path by accident.
 */
class NormalizerTest {

    static Normalizer normalizer;

    private static TrainingCodes.Entry species(String span, String code, int count) {
        return new TrainingCodes.Entry("SPECIES", span, code, count);
    }

    @BeforeAll
    static void build() throws IOException {
        TrainingCodes training = new TrainingCodes(List.of(
                new TrainingCodes.Entry("HUMAN", "paciente", "9606", 20),
                species("VIH", "12721", 5), species("perro", "9615", 3), species("víricas", "10239", 2),
                species("neumococo", "1313", 2), species("bacterias", "2", 4), species("hongos", "4751", 3),
                species("parásito", "2759|H", 2), species("SARM", "1280|H", 2), species("cacahuete", "3818", 1),
                species("baciloscopias", "2|H", 2), species("SARS-CoV-2", "2697049", 4),
                species("Staphylococcus aureus sensible a meticilina", "1280|H", 1),
                species("bacterias gramnegativas", "2|H", 1),
                species("Klebsiella pneumoniae productora", "573", 3), species("hongos filamentosos", "4751", 2)));
        normalizer = Normalizer.of(Taxonomy.load(TaxonomyTest.FIXTURE), training);
    }

    private static void assertCode(String expected, String mention) {
        assertEquals(expected, normalizer.normalize("SPECIES", mention), mention);
    }

    private static void assertCode(String expected, String source, String mention) {
        Normalizer.Normalization n = normalizer.explain("SPECIES", mention, null);
        assertEquals(expected, n.code(), mention + " (" + n.source() + ")");
        assertTrue(n.source().startsWith(source), mention + ": found by " + n.source() + ", expected " + source);
    }

    @Test
    void everyHumanMentionIsHomoSapiens() {
        assertEquals("9606", normalizer.normalize("HUMAN", "paciente"));
        assertEquals("9606", normalizer.normalize("HUMAN", "hermana de la madre"));
        assertThrows(IllegalArgumentException.class, () -> normalizer.normalize("PERSON", "paciente"));
    }

    @Test
    void scientificNamesGeneraAndWhatTheTrainingCodesTeach() {
        assertCode("1280", "taxonomy", "Staphylococcus aureus");
        assertCode("1280", "taxonomy", "staphylococcus AUREUS");
        assertCode("234", "taxonomy", "Brucella");
        assertCode("2697049", "training", "SARS-CoV-2"); // newer than the taxonomy
        assertCode("2697049", "training", "SARS CoV 2");
        assertCode(org.livingner.corpus.scoring.NcbiCode.NO_CODE, "none", "xqzwv");
    }

    @Test
    void abbreviatedGeneraPreferTheGenusOfTheSentenceThenTheTrainedOne() {
        assertCode("1280", "abbreviated genus", "S. aureus"); // S. aureus (SARM) rather than Streptomyces aureus
        assertCode("1280", "abbreviated genus", "S.aureus");
        assertCode("1313", "abbreviated genus", "S. pneumoniae");
        assertEquals("99001", normalizer.normalize("SPECIES", "S. aureus",
                "Se aisló un Streptomyces en el esputo; S. aureus no creció."));
        assertCode("1280", "abbreviated genus", "S. auereus"); // and a misspelt epithet
    }

    @Test
    void strainsAndSerotypesNameTheirTaxonOrAreMoreGeneral() {
        assertCode("1365186", "taxonomy, by part, marked descendant", "Klebsiella pneumoniae serotipo K1");
        assertCode("11676", "training, by part, marked descendant", "VIH-1");
        assertCode("11709", "training, by part, marked descendant", "VIH 2");
        // "sensible a meticilina" in training made the species more general; so does "resistente a meticilina"
        assertCode("1280|H", "abbreviated genus, by part", "S. aureus resistente a meticilina");
        // "productora" in training did not
        assertCode("573", "taxonomy, by part", "Klebsiella pneumoniae altamente productora");
    }

    @Test
    void spanishCommonNamesPluralsFemininesAndDerivedForms() {
        assertCode("9615", "training", "perro");
        assertCode("9615", "stem", "perros");
        assertCode("9615", "stem", "Perras");
        assertCode("10239", "stem", "vírica");
        assertCode("1313", "stem", "neumocócica");
        assertCode("2", "stem", "bacteriemia");
        assertCode("2", "stem", "bacterianas");
        assertCode("1301", "stem", "estreptocócico"); // Streptococcus as Spanish spells it
        assertCode("1279", "stem", "estafilocócica");
        assertCode("4751", "stem", "antifúngicos".replace("fúng", "hong")); // antihongos: anti + hongos
    }

    @Test
    void acronymsFoodsAndDiseasesNamedAfterOrganisms() {
        assertCode("12721", "training", "VIH");
        assertCode("12721", "taxonomy", "HIV");
        assertCode("1280|H", "training", "SARM");
        assertCode("3818", "stem", "cacahuetes");
        assertCode("1817", "stem", "Nocardiosis");
        assertCode("5810", "stem", "toxoplasmosis");
        assertCode("64320", "taxonomy", "zika"); // the virus, not the genus Zika
        assertCode("64320", "taxonomy", "virus del Zika");
        assertCode("10407", "taxonomy", "virus de la hepatitis B");
    }

    @Test
    void misspellingsFindTheClosestName() {
        assertCode("1280", "taxonomy", "Staphylococus aureus"); // NCBI lists this misspelling
        assertCode("1280", "misspelling", "Staphylocccus aureus");
        assertCode("2|H", "misspelling", "basciloscopias");
        // a misspelling keeps its letters and numbers: hepatitis C is no misspelt hepatitis B
        assertCode("11103", "taxonomy", "virus de la hepatitis C");
    }

    @Test
    void theHierarchyGivesGroupsSubgroupsAndTheMostSpecificPart() {
        assertCode("4751", "training", "hongos");
        assertCode("2", "training", "bacterias");
        // a subgroup of a group: what "gramnegativas" taught about code 2
        assertCode("2|H", "training, by part", "bacterias grampositivas");
        // Leishmania lies inside the parasites (Eukaryota), so it is the mention's organism
        assertCode("5658", "stem, by part", "amastigotes de parásito leishmánico");
        // unrelated parts: the head, first in Spanish
        assertCode("4751", "training, by part", "hongos de Brucella".replace("Brucella", "cultivo"));
    }

    @Test
    void coordinatedNamesGetEveryCode() {
        assertCode("10407|11103", "coordination", "virus de la hepatitis B y C");
        assertCode("9615|3818", "coordination", "perros y cacahuetes");
        assertCode("12721|10407", "coordination", "VIH, VHB".replace("VHB", "HBV"));
    }

    @Test
    void isThreadSafe() {
        List<String> mentions = List.of("S. aureus", "perros", "virus de la hepatitis B y C", "Staphylocccus aureus",
                "bacterias grampositivas", "VIH-1", "neumocócica", "zika");
        Map<String, String> alone = mentions.stream().collect(Collectors.toMap(Function.identity(),
                m -> normalizer.normalize("SPECIES", m)));
        IntStream.range(0, 400).parallel().forEach(i -> {
            String m = mentions.get(i % mentions.size());
            assertEquals(alone.get(m), normalizer.normalize("SPECIES", m), m);
        });
    }
}
