package org.livingner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.corpus.CodedMention;
import org.livingner.corpus.Iob2Corpus;
import org.livingner.corpus.LivingNerTsv;
import org.livingner.taxonomy.Taxonomy;
import org.livingner.taxonomy.TrainingCodes;
import org.livingner.uima.Fixtures;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NCBI codes on the command line: the code column and BRAT normalisations of annotate, Norm scores of evaluate on a
 * fixture with known counts, {@code --taxonomy} refusals, and {@code build-taxonomy}.
 *
 * <p>The mentions are made deterministic without a trained model: the tiny random model's mentions are all dropped
 * ({@code --min-confidence 1}: a random model is never that sure, a rule's mention has confidence 1) and a lexicon adds exactly the forms it lists, which the
 * normaliser then codes (the lexicon gives no ids).
 */
class NormalizationCommandsTest {

    static final Path FIXTURE_TAXDUMP = Path.of("livingner-taxonomy/src/test/resources/fixtures/taxdump");

    private record Run(int exit, String out, String err) {
    }

    private static Run run(BiFunction<PrintStream, PrintStream, Callable<Integer>> command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = LivingNerCli.commandLine(command.apply(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run annotate(String... args) {
        return run(AnnotateCommand::new, args);
    }

    private static Run evaluate(String... args) {
        return run(EvaluateCommand::new, args);
    }

    /** Only what the lexicon lists: paciente, perro, gato. */
    private static String[] lexiconOnly(Path tmp) throws Exception {
        Path lexicon = tmp.resolve("lexicon.tsv");
        Files.writeString(lexicon, "paciente\tHUMAN\nperro\tSPECIES\ngato\tSPECIES\n", StandardCharsets.UTF_8);
        return new String[] {"--model", Fixtures.TINY_BERT.toString(), "--min-confidence", "1",
                "--refine", "lexicon=" + lexicon};
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static final String NOTE = "La paciente tiene un perro.\nSu madre convive con un gato.";

    @Test
    void annotatePrintsTheCodeColumnAndOffsetsThatSliceToTheMention(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("nota.txt");
        Files.writeString(in, NOTE, StandardCharsets.UTF_8);
        Run run = annotate(concat(lexiconOnly(tmp), in.toString()));
        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("filename\tmark\tlabel\toff0\toff1\tspan\tNCBITax",
                "nota\tT1\tHUMAN\t3\t11\tpaciente\t9606",
                "nota\tT2\tSPECIES\t21\t26\tperro\t9615",
                "nota\tT3\tSPECIES\t52\t56\tgato\t9685"), run.out().lines().toList());
        for (String line : run.out().lines().skip(1).toList()) {
            String[] f = line.split("\t");
            assertEquals(f[5], NOTE.substring(Integer.parseInt(f[3]), Integer.parseInt(f[4])));
        }

        Path tsv = tmp.resolve("out.tsv");
        assertEquals(0, annotate(concat(lexiconOnly(tmp), in.toString(), "-o", tsv.toString())).exit());
        List<CodedMention> read = LivingNerTsv.readCoded(tsv, Iob2Corpus.LIVINGNER_TYPES);
        assertEquals(List.of("9606", "9615", "9685"), read.stream().map(CodedMention::code).toList());
    }

    @Test
    void bratGetsANormalisationLinePerCode(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("nota.txt");
        Files.writeString(in, NOTE, StandardCharsets.UTF_8);
        Path out = tmp.resolve("brat");
        Run run = annotate(concat(lexiconOnly(tmp), "--format", "brat", in.toString(), "-o", out.toString()));
        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("T1\tHUMAN 3 11\tpaciente", "N1\tReference T1 NCBITaxon:9606\tpaciente",
                "T2\tSPECIES 21 26\tperro", "N2\tReference T2 NCBITaxon:9615\tperro",
                "T3\tSPECIES 52 56\tgato", "N3\tReference T3 NCBITaxon:9685\tgato"),
                Files.readAllLines(out.resolve("nota.ann")));
        assertTrue(Files.readString(out.resolve("tools.conf")).startsWith("[normalization]\nNCBITaxon\t"));
    }

    /** The fixture: 3 sentences, 5 gold mentions; the codes file gives gato a wrong code and the last perro none. */
    private static Path goldFixture(Path tmp) throws Exception {
        Path iob2 = tmp.resolve("gold.iob2");
        Files.writeString(iob2, String.join("\n",
                "La\tO", "paciente\tB-HUMAN", "tiene\tO", "un\tO", "perro\tB-SPECIES", ".\tO", "",
                "Su\tO", "madre\tB-HUMAN", "convive\tO", "con\tO", "un\tO", "gato\tB-SPECIES", ".\tO", "",
                "El\tO", "perro\tB-SPECIES", "del\tO", "vecino\tO", ".\tO", ""), StandardCharsets.UTF_8);
        Files.writeString(tmp.resolve("gold-ncbi.tsv"), String.join("\n",
                "sentence\tfirst_token\tend_token\tlabel\tspan\tNCBITax",
                "0\t1\t2\tHUMAN\tpaciente\t9606", "0\t4\t5\tSPECIES\tperro\t9615",
                "1\t1\t2\tHUMAN\tmadre\t9606", "1\t5\t6\tSPECIES\tgato\t9615", ""), StandardCharsets.UTF_8);
        return iob2;
    }

    /*
     * Predicted: paciente 9606, perro 9615, gato 9685, perro 9615 (madre is not in the lexicon).
     * Strict Norm: HUMAN tp=1 fn=1 (madre); SPECIES tp=1 (perro) fp=2 (gato: wrong code; the last perro: its gold
     * mention has no code) fn=2; micro tp=2 fp=2 fn=3: P 0.5, R 0.4, F1 0.4444.
     * Task scorer: the last perro's gold row has no valid id and is dropped: micro tp=2 fp=2 fn=2: F1 0.5.
     * Right code on the spans found (gold with a code): HUMAN 1 / 1, SPECIES 1 / 2 (gato wrong), all 2 / 3.
     */
    @Test
    void evaluateScoresNormWithTheCodesBesideTheGoldFile(@TempDir Path tmp) throws Exception {
        Path gold = goldFixture(tmp);
        Path json = tmp.resolve("scores.json");
        Path kept = tmp.resolve("kept");
        Run run = evaluate(concat(lexiconOnly(tmp), "--gold", gold.toString(), "--json", json.toString(),
                "--predictions", kept.toString()));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("gold codes of " + tmp.resolve("gold-ncbi.tsv")), run.out());
        assertTrue(run.out().contains("| normaliser | HUMAN | 1.0000 | 0.5000 | 0.6667 | 0.6667 | 1 / 1 (100.0 %) |"),
                run.out());
        assertTrue(run.out().contains("| normaliser | SPECIES | 0.3333 | 0.3333 | 0.3333 | 0.4000 | 1 / 2 (50.0 %) |"),
                run.out());
        assertTrue(run.out().contains("| normaliser | micro | 0.5000 | 0.4000 | 0.4444 | 0.5000 | 2 / 3 (66.7 %) |"),
                run.out());
        assertTrue(run.out().contains("| straw man | micro |"), run.out());
        assertTrue(run.out().contains("Norm micro P=0.5000 R=0.4000 F1=0.4444"), run.out());
        assertTrue(run.out().contains("Norm (task scorer) micro P=0.5000 R=0.5000 F1=0.5000"), run.out());
        assertTrue(run.out().contains("| gato | 9615 | 9685 | wrong code | 1 |"), run.out());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(lines.size() - 1).startsWith("micro P=1.0000 R=0.8000"), "NER's line stays last: "
                + run.out());

        JsonNode norm = new ObjectMapper().readTree(json.toFile()).get("runs").get(0).get("norm");
        assertEquals(2, norm.get("strict").get("micro").get("tp").asInt());
        assertEquals(3, norm.get("strict").get("micro").get("fn").asInt());
        assertEquals(0.5, norm.get("task").get("micro").get("f1").asDouble(), 1e-9);
        assertEquals(2, norm.get("right_code_on_spans_found").get("all").get("right").asInt());
        assertEquals(3, norm.get("right_code_on_spans_found").get("all").get("found").asInt());
        assertEquals(2, norm.get("code_errors").get("wrong code").asInt(), "gato, and the last perro (no gold code)");
        assertTrue(norm.get("straw_man").get("strict").get("micro").has("f1"));

        // what was scored is kept with the codes: gold as the codes file gives them, predictions as coded
        List<CodedMention> keptGold = LivingNerTsv.readCoded(kept.resolve("gold.tsv"), Iob2Corpus.LIVINGNER_TYPES);
        assertEquals(List.of("9606", "9615", "9606", "9615", "_NOCODE_"),
                keptGold.stream().map(CodedMention::code).toList());
        List<CodedMention> keptPredicted = LivingNerTsv.readCoded(kept.resolve("mentions.tsv"),
                Iob2Corpus.LIVINGNER_TYPES);
        assertEquals(List.of("9606", "9615", "9685", "9615"), keptPredicted.stream().map(CodedMention::code).toList());

        // and the kept gold, a LivingNER-Norm TSV with its texts, scores Norm again from its NCBITax column
        Run again = evaluate(concat(lexiconOnly(tmp), "--gold", kept.resolve("gold.tsv").toString()));
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("gold codes of " + kept.resolve("gold.tsv")), again.out());
        assertTrue(again.out().contains("Norm micro P=0.5000 R=0.4000 F1=0.4444"), again.out());
        assertTrue(again.out().contains("Norm (task scorer) micro P=0.5000 R=0.5000 F1=0.5000"), again.out());
    }

    @Test
    void evaluateRefusesGoldCodesThatAreMissingOrDoNotFitTheGold(@TempDir Path tmp) throws Exception {
        Path gold = goldFixture(tmp);
        Run missing = evaluate(concat(lexiconOnly(tmp), "--gold", gold.toString(), "--gold-codes",
                tmp.resolve("nowhere.tsv").toString()));
        assertEquals(2, missing.exit(), missing.err());
        assertTrue(missing.err().contains("--gold-codes " + tmp.resolve("nowhere.tsv") + ": no such file"),
                missing.err());

        Path wrong = tmp.resolve("wrong.tsv");
        Files.writeString(wrong, "sentence\tfirst_token\tend_token\tlabel\tspan\tNCBITax\n0\t1\t2\tHUMAN\tmadre\t9606\n",
                StandardCharsets.UTF_8);
        Run misfit = evaluate(concat(lexiconOnly(tmp), "--gold", gold.toString(), "--gold-codes", wrong.toString()));
        assertTrue(misfit.exit() != 0, misfit.err());
        assertTrue(misfit.err().contains(wrong + ":2") && misfit.err().contains("'paciente'"), misfit.err());
    }

    @Test
    void aTaxonomyDirectoryThatIsMissingTruncatedOrNotADumpIsRefusedAtStartNamingFileAndLine(@TempDir Path tmp)
            throws Exception {
        Path in = tmp.resolve("nota.txt");
        Files.writeString(in, NOTE, StandardCharsets.UTF_8);
        Path truncated = Files.createDirectories(tmp.resolve("truncated"));
        List<String> nodes = Files.readAllLines(FIXTURE_TAXDUMP.resolve("nodes.dmp"), StandardCharsets.UTF_8);
        Files.writeString(truncated.resolve("nodes.dmp"), String.join("\n", nodes.subList(0, 3)) + "\n"
                + nodes.get(3).substring(0, 7), StandardCharsets.UTF_8);
        Files.copy(FIXTURE_TAXDUMP.resolve("names.dmp"), truncated.resolve("names.dmp"));
        Path csv = Files.createDirectories(tmp.resolve("csv"));
        Files.writeString(csv.resolve("nodes.dmp"), "tax_id,parent,rank\n", StandardCharsets.UTF_8);
        Files.writeString(csv.resolve("names.dmp"), "1,root\n", StandardCharsets.UTF_8);
        Path nowhere = tmp.resolve("nowhere");

        Path out = tmp.resolve("out");
        Run annotate = annotate(concat(lexiconOnly(tmp), "--taxonomy", truncated.toString(), in.toString(),
                "-o", out.toString()));
        assertEquals(2, annotate.exit(), annotate.err());
        assertTrue(annotate.err().contains(truncated.resolve("nodes.dmp") + ":4:"), annotate.err());
        assertTrue(annotate.err().contains("truncated"), annotate.err());
        assertTrue(!Files.exists(out.resolve("mentions.tsv")), "nothing was annotated");

        Run evaluate = evaluate(concat(lexiconOnly(tmp), "--taxonomy", csv.toString(), "--gold",
                goldFixture(tmp).toString()));
        assertEquals(2, evaluate.exit(), evaluate.err());
        assertTrue(evaluate.err().contains(csv.resolve("nodes.dmp") + ":1:"), evaluate.err());

        Run missing = annotate(concat(lexiconOnly(tmp), "--taxonomy", nowhere.toString(), in.toString()));
        assertEquals(2, missing.exit(), missing.err());
        assertTrue(missing.err().contains(nowhere + ": expected an NCBI taxdump directory"), missing.err());

        // a real taxdump directory is used instead of the shipped index
        Run fixture = annotate(concat(lexiconOnly(tmp), "--taxonomy", FIXTURE_TAXDUMP.toString(), in.toString()));
        assertEquals(0, fixture.exit(), fixture.err());
        assertTrue(fixture.out().contains("nota\tT2\tSPECIES\t21\t26\tperro\t9615"), fixture.out());
    }

    @Test
    void buildTaxonomyWritesAnIndexThatLoadsWithTheTrainingCodesAndTheirTaxa(@TempDir Path tmp) throws Exception {
        Path gold = goldFixture(tmp);
        Path index = tmp.resolve("index");
        Run run = run((out, err) -> new BuildTaxonomyCommand(err), "--taxdump", FIXTURE_TAXDUMP.toString(),
                "--train", gold.toString(), "--codes", tmp.resolve("gold-ncbi.tsv").toString(), "-o",
                index.toString());
        assertEquals(0, run.exit(), run.err());
        for (int step = 1; step <= 4; step++) {
            assertTrue(run.err().contains("build-taxonomy [" + step + "/4] "), "progress of every step: " + run.err());
        }
        Taxonomy built = Taxonomy.load(index);
        assertTrue(built.contains(9615) && built.contains(9606), "the taxa the training codes use");
        assertEquals("Canis lupus familiaris", built.scientificName(9615));
        List<String> codes = TrainingCodes.read(index.resolve("training-codes.tsv")).entries().stream()
                .map(e -> e.span() + "=" + e.code()).toList();
        assertTrue(codes.contains("perro=9615") && codes.contains("gato=9615"), codes.toString());

        Path csv = Files.createDirectories(tmp.resolve("csv"));
        Files.writeString(csv.resolve("nodes.dmp"), "tax_id,parent,rank\n", StandardCharsets.UTF_8);
        Files.writeString(csv.resolve("names.dmp"), "1,root\n", StandardCharsets.UTF_8);
        Run bad = run((out, err) -> new BuildTaxonomyCommand(err), "--taxdump", csv.toString(), "--train",
                gold.toString(), "--codes", tmp.resolve("gold-ncbi.tsv").toString(), "-o", index.toString());
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().contains(csv.resolve("nodes.dmp") + ":1:"), bad.err());
    }
}
