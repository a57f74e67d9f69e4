package org.livingner.bert.tokenization;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The small Spanish vocabulary of src/test/resources/fixtures/tok (made by src/test/python/make_tok_vocab.py). */
public final class TokFixtures {

    static final Path VOCAB = Path.of("livingner-bert/src/test/resources/fixtures/tok/vocab.txt");

    /** Sentences with what breaks offsets: accents (pre-composed and combining), NBSP, CRLF, tabs, emoji, CJK. */
    public static final List<String> TRICKY = List.of(
            "El paciente, de 45 años, acude con su madre.",
            "Médico: «fiebre» y tos; PCR SARS-CoV-2 positiva.",
            "La niña\u00a0refiere dolor\r\nen el perro\tcon mordedura.",
            "Mujer 😀 con gato 🐈 y perro 🐕‍🦺 en casa.",
            "Paciente china 中国人 con virus.",
            "cafe\u0301 vs Café — niño\u0303 ÁÉÍÓÚ áéíóú ñÑ",
            "  espacios   al\u2003inicio\u3000y fin  ",
            "VIH+/VHB- (hermano) [madre] {padre} ¿hijo? ¡hija!",
            "x\u0000y ctrl\u0007 soft\u00adhyphen zero\u200bwidth",
            "µg/ml 37,5°C 1.000 mg",
            "bacteriemiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa fin",
            "𠀋𠀌 surrogate CJK, emoji 👩🏽‍⚕️ médica.",
            "");

    private TokFixtures() {
    }

    static Path modelDir(Path tmp, String tokenizerConfigJson) throws IOException {
        Files.createDirectories(tmp);
        Files.copy(VOCAB, tmp.resolve("vocab.txt"));
        if (tokenizerConfigJson != null) {
            Files.writeString(tmp.resolve("tokenizer_config.json"), tokenizerConfigJson);
        }
        return tmp;
    }

    public static Path casedDir(Path tmp) throws IOException {
        return modelDir(tmp, "{\"tokenizer_class\": \"BertTokenizer\", \"do_lower_case\": false}");
    }

    static Path uncasedDir(Path tmp) throws IOException {
        return modelDir(tmp, "{\"do_lower_case\": true}");
    }
}
