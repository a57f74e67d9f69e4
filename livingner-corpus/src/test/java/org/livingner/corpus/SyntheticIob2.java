package org.livingner.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generated clinical-case-style Spanish sentences tagged with HUMAN and SPECIES mentions, for tests that train
 * (training, distillation, resume) on any machine: no LivingNER data, only templates and word lists written here.
 * The same seed always gives the same sentences. {@code src/test/resources/fixtures/synthetic-train.iob2} is
 * {@code generate(800, 42)}, written by {@link #main}; {@code SyntheticIob2Test} checks that the file and the
 * generator agree.
 *
 * <p>Mentions are the slot fillers: {@code {H}} (patients, relatives, professionals, one to three words) and
 * {@code {S}} (animals, microorganisms, viruses, adjectival forms). Some fillers share words with non-mentions
 * ("virus" in "carga viral del virus", "perro" only as a mention), so a model has to learn more than a word list.
 */
public final class SyntheticIob2 {

    private static final List<String> HUMANS = List.of("paciente", "madre", "padre", "hermano", "hermana", "hijo",
            "hija", "abuela", "abuelo", "pareja", "niño", "niña", "mujer", "varón", "lactante", "recién nacido",
            "médico de cabecera", "enfermera", "pediatra", "cirujano", "dermatóloga", "tío materno", "prima",
            "compañeros de trabajo", "convivientes", "familiares", "gestante", "anciano");
    private static final List<String> SPECIES = List.of("perro", "perros", "gato", "gatos", "gallinas", "ovejas",
            "cerdos", "caballos", "garrapatas", "mosquitos", "palomas", "VIH", "SARS-CoV-2",
            "Staphylococcus aureus", "Escherichia coli", "virus de la hepatitis B", "citomegalovirus",
            "Candida albicans", "Toxoplasma gondii", "Plasmodium falciparum", "Klebsiella pneumoniae",
            "Mycobacterium tuberculosis", "Leishmania", "Brucella", "virus del herpes simple", "neumococo");
    private static final List<String> ADJECTIVES = List.of("vírica", "bacteriana", "fúngica", "parasitaria",
            "herpética", "estafilocócica", "tuberculosa");
    private static final List<String> FINDINGS = List.of("fiebre", "tos seca", "disnea", "dolor abdominal",
            "cefalea", "lesiones cutáneas", "adenopatías", "astenia", "diarrea", "exantema", "visión borrosa");
    private static final List<String> SAMPLES = List.of("hemocultivos", "urocultivo", "exudado nasofaríngeo",
            "lavado broncoalveolar", "líquido cefalorraquídeo", "biopsia cutánea", "serología");
    private static final List<String> DRUGS = List.of("amoxicilina", "ceftriaxona", "vancomicina", "fluconazol",
            "aciclovir", "doxiciclina", "meropenem", "albendazol");

    /** {H} human, {S} species, {A} adjectival species form, {F} finding, {M} sample, {D} drug, {N} number. */
    private static final List<String> TEMPLATES = List.of(
            "El {H} de {N} años acude a Urgencias por {F} de {N} días de evolución .",
            "Su {H} refiere que en el domicilio tienen {S} .",
            "Como antecedentes , su {H} presentó una infección por {S} hace {N} años .",
            "Fue valorado por el {H} , que solicitó {M} .",
            "En {M} se aisló {S} sensible a {D} .",
            "Se inició tratamiento con {D} {N} mg cada {N} horas .",
            "A la exploración presenta {F} y temperatura de {N} grados .",
            "El resultado de {M} para {S} fue negativo .",
            "El {H} descartó contacto con {S} o viajes recientes .",
            "Analítica : leucocitos {N} , PCR {N} mg / L , creatinina {N} .",
            "La {H} trabaja en una granja con {S} y {S} .",
            "Se comentó el caso con el {H} y con su {H} .",
            "Tras {N} días de {D} , el {H} quedó afebril .",
            "Se realizó estudio de contactos a su {H} , asintomático .",
            "La carga viral de {S} fue de {N} copias / mL .",
            "Se sospechó una infección {A} y se pautó {D} .",
            "La {H} refiere contacto con {S} antes del inicio de los síntomas .",
            "En la radiografía de tórax se observa un infiltrado en el lóbulo inferior .",
            "Ante la sospecha de meningitis {A} , el {H} pautó {D} .",
            "Evolución favorable ; el {H} sigue controles en consulta .",
            "No refiere contacto con {S} ni con personas enfermas .",
            "El virus se detectó en {M} de la {H} .");

    private SyntheticIob2() {
    }

    /** {@code n} tagged sentences from {@code seed}. */
    public static List<Iob2Sentence> generate(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Iob2Sentence> sentences = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String template = TEMPLATES.get(random.nextInt(TEMPLATES.size()));
            List<String> tokens = new ArrayList<>();
            List<String> tags = new ArrayList<>();
            for (String part : template.split(" ")) {
                switch (part) {
                    case "{H}" -> add(tokens, tags, pick(random, HUMANS), "HUMAN");
                    case "{S}" -> add(tokens, tags, pick(random, SPECIES), "SPECIES");
                    case "{A}" -> add(tokens, tags, pick(random, ADJECTIVES), "SPECIES");
                    case "{F}" -> add(tokens, tags, pick(random, FINDINGS), null);
                    case "{M}" -> add(tokens, tags, pick(random, SAMPLES), null);
                    case "{D}" -> add(tokens, tags, pick(random, DRUGS), null);
                    case "{N}" -> add(tokens, tags, String.valueOf(1 + random.nextInt(120)), null);
                    default -> add(tokens, tags, part, null);
                }
            }
            sentences.add(new Iob2Sentence(tokens, tags));
        }
        return sentences;
    }

    private static String pick(SplittableRandom random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static void add(List<String> tokens, List<String> tags, String words, String type) {
        String[] split = words.split(" ");
        for (int w = 0; w < split.length; w++) {
            tokens.add(split[w]);
            tags.add(type == null ? "O" : (w == 0 ? "B-" : "I-") + type);
        }
    }

    /** Writes the committed fixture: {@code java ... SyntheticIob2 src/test/resources/fixtures/synthetic-train.iob2}. */
    public static void main(String[] args) throws Exception {
        Iob2Corpus.write(java.nio.file.Path.of(args[0]), generate(800, 42));
    }
}
