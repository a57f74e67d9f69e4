package org.livingner.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.corpus.DevSplit;
import org.livingner.corpus.Iob2Corpus;
import org.livingner.corpus.Iob2Sentence;
import org.livingner.uima.Fixtures;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code livingner ablation} and {@code evaluate --dev-split --refine}: the same dev sentences, the same documents,
 * so every ablation row is what evaluate reports for that engine list. The tiny model's labels are noise; the
 * Ruta and lexicon engines find real mentions.
 */
class AblationCommandTest {

    private record Run(int exit, String out, String err) {
    }

    @TempDir
    static Path tmp;
    static Path gold;

    @BeforeAll
    static void goldData() throws Exception {
        String[] tagged = {
            "La/O paciente/B-HUMAN refiere/O que/O su/O madre/B-HUMAN tiene/O un/O perro/B-SPECIES ./O",
            "Hemocultivos/O positivos/O para/O Escherichia/B-SPECIES coli/I-SPECIES ./O",
            "El/O médico/B-HUMAN de/I-HUMAN cabecera/I-HUMAN pidió/O serología/O de/O VIH/B-SPECIES ./O",
            "Su/O hermano/B-HUMAN convive/O con/O gatos/B-SPECIES ./O",
            "Se/O inició/O tratamiento/O con/O amoxicilina/O ./O",
            "La/O enfermera/B-HUMAN tomó/O muestras/O de/O exudado/O ./O",
            "PCR/O positiva/O para/O SARS-CoV-2/B-SPECIES en/O el/O paciente/B-HUMAN ./O",
            "El/O padre/B-HUMAN trabaja/O con/O ovejas/B-SPECIES y/O cerdos/B-SPECIES ./O",
            "No/O refiere/O viajes/O recientes/O ./O",
            "Se/O aisló/O Staphylococcus/B-SPECIES aureus/I-SPECIES en/O la/O herida/O ./O",
            "El/O recién/B-HUMAN nacido/I-HUMAN presentó/O fiebre/O ./O",
            "La/O mujer/B-HUMAN de/O 45/O años/O acude/O a/O Urgencias/O ./O",
            "Infección/O por/O Candida/B-SPECIES albicans/I-SPECIES ./O",
            "El/O pediatra/B-HUMAN valoró/O al/O niño/B-HUMAN ./O",
            "Su/O abuela/B-HUMAN tiene/O gallinas/B-SPECIES ./O",
            "Carga/O viral/O de/O VIH/B-SPECIES indetectable/O ./O",
            "La/O hija/B-HUMAN de/O la/O paciente/B-HUMAN está/O sana/O ./O",
            "Sin/O hallazgos/O relevantes/O ./O",
            "El/O veterinario/B-HUMAN trató/O al/O caballo/B-SPECIES ./O",
            "Toxoplasma/B-SPECIES gondii/I-SPECIES en/O la/O serología/O materna/O ./O",
        };
        List<Iob2Sentence> sentences = new ArrayList<>();
        for (String s : tagged) {
            List<String> tokens = new ArrayList<>();
            List<String> tags = new ArrayList<>();
            for (String pair : s.split(" ")) {
                int slash = pair.lastIndexOf('/');
                tokens.add(pair.substring(0, slash));
                tags.add(pair.substring(slash + 1));
            }
            sentences.add(new Iob2Sentence(tokens, tags));
        }
        gold = tmp.resolve("gold.iob2");
        Iob2Corpus.write(gold, sentences);
    }

    private static Run run(BiFunction<PrintStream, PrintStream, Callable<Integer>> command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new CommandLine(command.apply(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static final String[] COMMON = {"--model", Fixtures.TINY_BERT.toString(), "--dev-fraction", "0.5",
        "--sentences-per-document", "4"};

    private static String[] args(String... more) {
        String[] all = Arrays.copyOf(COMMON, COMMON.length + more.length + 2);
        all[COMMON.length] = "--gold";
        all[COMMON.length + 1] = gold.toString();
        System.arraycopy(more, 0, all, COMMON.length + 2, more.length);
        return all;
    }

    /** configuration -> its table cells. */
    private static Map<String, String[]> rows(String markdown) {
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : markdown.lines().toList()) {
            if (line.startsWith("| ") && !line.startsWith("| configuration")) {
                String[] cells = line.substring(2, line.length() - 2).split(" \\| ", -1);
                rows.put(cells[0], cells);
            }
        }
        return rows;
    }

    @Test
    void ablationRowsAreWhatEvaluateGivesForEachEngineList() {
        Run ablation = run(AblationCommand::new, args());
        assertEquals(0, ablation.exit(), ablation.err());
        Map<String, String[]> rows = rows(ablation.out());
        assertEquals(List.of("model alone", "+ fragment-merger", "+ propagation", "+ lexicon", "+ ruta",
                "all: fragment-merger,propagation,lexicon,ruta"), List.copyOf(rows.keySet()), ablation.out());
        Map<String, String> lists = Map.of("model alone", "none", "+ fragment-merger", "fragment-merger",
                "+ ruta", "ruta", "all: fragment-merger,propagation,lexicon,ruta", AblationCommand.DEFAULT_ENGINES);
        for (Map.Entry<String, String> e : lists.entrySet()) {
            Run evaluate = run(EvaluateCommand::new, args("--dev-split", "--refine", e.getValue()));
            assertEquals(0, evaluate.exit(), evaluate.err());
            String[] row = rows.get(e.getKey());
            String micro = evaluate.out().strip().lines().reduce((a, b) -> b).orElseThrow();
            assertEquals("micro P=" + row[1] + " R=" + row[2] + " F1=" + row[3], micro, e.getKey());
        }
        int base = Integer.parseInt(rows.get("model alone")[5]) + Integer.parseInt(rows.get("model alone")[6]);
        for (String adding : List.of("+ lexicon", "+ ruta")) {
            int predicted = Integer.parseInt(rows.get(adding)[5]) + Integer.parseInt(rows.get(adding)[6]);
            assertTrue(predicted >= base, adding + " only adds mentions: " + predicted + " < " + base);
        }
        assertTrue(ablation.out().contains("raise F1 alone: "), ablation.out());
    }

    @Test
    void devSplitScoresExactlyTheTrainersDevSentences() throws Exception {
        List<Iob2Sentence> all = Iob2Corpus.read(gold);
        List<Iob2Sentence> dev = DevSplit.split(all, 0.5, 42).dev();
        int devMentions = dev.stream().mapToInt(s -> s.mentions("x").size()).sum();
        int allMentions = all.stream().mapToInt(s -> s.mentions("x").size()).sum();
        assertTrue(devMentions > 0 && devMentions < allMentions);

        Run split = run(EvaluateCommand::new, args("--dev-split", "--refine", "none"));
        assertEquals(0, split.exit(), split.err());
        assertTrue(split.err().contains("scored 3 documents: " + devMentions + " gold mentions"), split.err());
        Run whole = run(EvaluateCommand::new, args("--refine", "none"));
        assertTrue(whole.err().contains("scored 5 documents: " + allMentions + " gold mentions"), whole.err());
        Run ablationWhole = run(AblationCommand::new, args("--no-dev-split", "--engines", "ruta"));
        assertEquals(0, ablationWhole.exit(), ablationWhole.err());
        assertTrue(ablationWhole.out().contains("5 documents of up to 4 sentences, " + allMentions + " gold mentions"),
                ablationWhole.out());
        assertEquals(List.of("model alone", "+ ruta"), List.copyOf(rows(ablationWhole.out()).keySet()));
    }

    @Test
    void badEngineListsAndSplitsAreRefusedWithTheReason() {
        Run unknown = run(AblationCommand::new, args("--engines", "fragment-merger,stemmer"));
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("unknown engine 'stemmer'"), unknown.err());
        Run evaluate = run(EvaluateCommand::new, args("--refine", "lexicon=/no/such/lexicon.tsv"));
        assertEquals(2, evaluate.exit());
        assertTrue(evaluate.err().contains("/no/such/lexicon.tsv"), evaluate.err());
        Run fraction = run(EvaluateCommand::new, "--model", Fixtures.TINY_BERT.toString(), "--gold", gold.toString(),
                "--dev-split", "--dev-fraction", "1.5");
        assertEquals(2, fraction.exit());
        assertTrue(fraction.err().contains("--dev-fraction must be between 0 and 1"), fraction.err());
    }
}
