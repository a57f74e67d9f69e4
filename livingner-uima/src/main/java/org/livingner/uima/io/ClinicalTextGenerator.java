package org.livingner.uima.io;

import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Clinical-case-style Spanish documents made from templates, for throughput and batch tests: patients, relatives,
 * health professionals, species (animals, microorganisms, viruses), ages, doses and measurements, 5 to 20 sentences
 * each. The same seed and index always give the same document, so runs are reproducible and need no data files.
 * The texts are synthetic (no real cases) and their mentions are not annotated.
 */
public final class ClinicalTextGenerator {

    private static final List<String> PATIENTS = List.of("el paciente", "la paciente", "el varón", "la mujer",
            "el niño", "la niña", "el lactante", "el recién nacido", "el anciano", "la gestante", "el adolescente");
    private static final List<String> RELATIVES = List.of("madre", "padre", "hermano", "hermana", "hijo", "hija",
            "abuela", "abuelo", "pareja", "cuñado", "tío materno", "prima");
    private static final List<String> PROFESSIONALS = List.of("el médico de cabecera", "la pediatra",
            "la enfermera", "el cirujano", "la dermatóloga", "el oftalmólogo", "el veterinario", "el equipo de Urgencias",
            "la matrona", "el neumólogo");
    private static final List<String> SPECIES = List.of("Staphylococcus aureus", "Escherichia coli", "SARS-CoV-2",
            "VIH", "virus de la hepatitis B", "Mycobacterium tuberculosis", "Candida albicans", "Toxoplasma gondii",
            "Plasmodium falciparum", "Klebsiella pneumoniae", "Pseudomonas aeruginosa", "virus del herpes simple",
            "Streptococcus pneumoniae", "Leishmania", "citomegalovirus", "Aspergillus fumigatus", "Brucella",
            "Echinococcus granulosus", "Rickettsia conorii", "virus de Epstein-Barr");
    private static final List<String> ANIMALS = List.of("perros", "gatos", "gallinas", "ovejas", "cerdos",
            "caballos", "conejos", "garrapatas", "mosquitos", "palomas", "vacas", "tortugas");
    private static final List<String> FINDINGS = List.of("fiebre", "tos seca", "disnea", "dolor abdominal",
            "cefalea intensa", "lesiones cutáneas", "adenopatías cervicales", "astenia", "pérdida de peso",
            "diarrea", "exantema", "visión borrosa");
    private static final List<String> SAMPLES = List.of("hemocultivos", "urocultivo", "exudado nasofaríngeo",
            "lavado broncoalveolar", "líquido cefalorraquídeo", "biopsia cutánea", "serología", "PCR en sangre");
    private static final List<String> DRUGS = List.of("amoxicilina", "ceftriaxona", "vancomicina", "fluconazol",
            "aciclovir", "doxiciclina", "meropenem", "cotrimoxazol", "anfotericina B", "albendazol");

    private static final List<String> TEMPLATES = List.of(
            "{Patient} de {age} años acude a Urgencias por {finding} de {days} días de evolución.",
            "Su {relative} refiere que en el domicilio tienen {animal}.",
            "Como antecedentes, su {relative} presentó una infección por {species} hace {years} años.",
            "Fue valorado por {professional}, que solicitó {sample}.",
            "En {sample} se aisló {species} sensible a {drug}.",
            "Se inició tratamiento con {drug} {dose} mg cada {hours} horas durante {days} días.",
            "A la exploración presenta temperatura de {temp} °C, frecuencia cardiaca de {pulse} lpm y {finding}.",
            "El resultado de {sample} para {species} fue negativo.",
            "{Professional} descartó contacto con {animal} o viajes recientes.",
            "Analítica: leucocitos {leuko}/µL, PCR {crp} mg/L, creatinina {creat} mg/dL.",
            "{Patient} trabaja en una granja con {animal} y {animal}.",
            "Se comentó el caso con {professional} y con su {relative}.",
            "Tras {days} días de {drug}, {patient} quedó afebril y recibió el alta.",
            "Se realizó estudio de contactos a su {relative} y a su {relative}, ambos asintomáticos.",
            "La carga viral de {species} fue de {viral} copias/mL.",
            "{Patient} refiere contacto con {animal} {days} días antes del inicio de los síntomas.",
            "En la radiografía de tórax se observa un infiltrado en el lóbulo {lobe}.",
            "Ante la sospecha de infección por {species}, {professional} pautó {drug}.",
            "Evolución favorable; {patient} sigue controles con {professional}.",
            "No refiere contacto con {animal} ni con personas enfermas en su entorno.");

    private final long seed;

    public ClinicalTextGenerator(long seed) {
        this.seed = seed;
    }

    /**
     * Document {@code index} (0-based) of this generator: 5 to 20 sentences, separated by a space or (one in four)
     * a line break.
     */
    public String document(long index) {
        return generate(index, null);
    }

    /** The sentences of {@link #document(long) document(index)}, in order, without the separators between them. */
    public List<String> sentences(long index) {
        List<String> sentences = new java.util.ArrayList<>();
        generate(index, sentences);
        return sentences;
    }

    private String generate(long index, List<String> sentencesOut) {
        // not java.util.Random: its first outputs for neighbouring seeds are correlated, which made the mean length
        // drift with the index (7.9 to 16.8 sentences per block of 1,000 documents), so a batch run's later
        // documents were longer than its first; SplittableRandom mixes its seed into every output
        RandomGenerator random = new SplittableRandom(seed * 1_000_003L + index);
        int sentences = 5 + random.nextInt(16);
        StringBuilder text = new StringBuilder();
        for (int s = 0; s < sentences; s++) {
            if (s > 0) {
                text.append(random.nextInt(4) == 0 ? "\n" : " ");
            }
            String sentence = fill(TEMPLATES.get(random.nextInt(TEMPLATES.size())), random);
            text.append(sentence);
            if (sentencesOut != null) {
                sentencesOut.add(sentence);
            }
        }
        return text.toString();
    }

    private static String fill(String template, RandomGenerator random) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                out.append(template, i, template.length());
                break;
            }
            int close = template.indexOf('}', open);
            out.append(template, i, open);
            String slot = template.substring(open + 1, close);
            String value = value(slot.toLowerCase(java.util.Locale.ROOT), random);
            out.append(Character.isUpperCase(slot.charAt(0))
                    ? Character.toUpperCase(value.charAt(0)) + value.substring(1) : value);
            i = close + 1;
        }
        return out.toString();
    }

    private static String value(String slot, RandomGenerator random) {
        return switch (slot) {
            case "patient" -> pick(PATIENTS, random);
            case "relative" -> pick(RELATIVES, random);
            case "professional" -> pick(PROFESSIONALS, random);
            case "species" -> pick(SPECIES, random);
            case "animal" -> pick(ANIMALS, random);
            case "finding" -> pick(FINDINGS, random);
            case "sample" -> pick(SAMPLES, random);
            case "drug" -> pick(DRUGS, random);
            case "age" -> String.valueOf(random.nextInt(95) + 1);
            case "days" -> String.valueOf(random.nextInt(20) + 2);
            case "years" -> String.valueOf(random.nextInt(30) + 1);
            case "hours" -> String.valueOf(List.of(6, 8, 12, 24).get(random.nextInt(4)));
            case "dose" -> String.valueOf((random.nextInt(20) + 1) * 50);
            case "temp" -> String.format(java.util.Locale.ROOT, "%d,%d", 36 + random.nextInt(4), random.nextInt(10));
            case "pulse" -> String.valueOf(60 + random.nextInt(70));
            case "leuko" -> String.valueOf(3000 + random.nextInt(20000));
            case "crp" -> String.valueOf(random.nextInt(300));
            case "creat" -> String.format(java.util.Locale.ROOT, "%d,%02d", random.nextInt(3), random.nextInt(100));
            case "viral" -> String.valueOf((random.nextInt(999) + 1) * 1000);
            case "lobe" -> pick(List.of("superior derecho", "medio", "inferior derecho", "superior izquierdo",
                    "inferior izquierdo"), random);
            default -> throw new IllegalStateException("template slot without values: {" + slot + "}");
        };
    }

    private static String pick(List<String> values, RandomGenerator random) {
        return values.get(random.nextInt(values.size()));
    }
}
