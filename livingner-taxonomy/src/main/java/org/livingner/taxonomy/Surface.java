package org.livingner.taxonomy;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a mention's text is compared with the names the normaliser knows, at three levels of tolerance.
 * <ul>
 *   <li>{@link #key}: lower case, accents off, punctuation as spaces ({@code "S. aureus"} and {@code "s.aureus"}
 *       are {@code "s aureus"}; {@code "Parásitos"} is {@code "parasitos"});</li>
 *   <li>{@link #spelling}: also the spellings that Spanish gives Latin and Greek names (y/i, ph/f, th/t, k/c, ae/e,
 *       e before an initial s and consonant, doubled letters single except rr, which tells perro from pero:
 *       {@code "Staphylococcus"} and {@code "estafilococus"}, {@code "Mycobacterium"} and {@code "micobacterium"},
 *       {@code "Brucella"} and {@code "brucela"} meet) and {@code spp} as {@code sp};</li>
 *   <li>{@link #stems}: a word without its derivational and inflectional endings, every candidate, longest first
 *       ({@code "neumocócica"} and {@code "neumococo"} share {@code "neumococ"}, {@code "bacteriemia"} and
 *       {@code "bacterias"} share {@code "bacteri"}, {@code "Aspergilosis"} and {@code "Aspergillus"} share
 *       {@code "aspergil"}).</li>
 * </ul>
 */
final class Surface {

    /**
     * Words (runs of letters, runs of digits: {@code VHS1} is {@code VHS 1}, as {@code VHS-1}) and single punctuation
     * marks.
     */
    private static final Pattern TOKEN = Pattern.compile("\\p{L}[\\p{L}\\p{M}]*|\\p{N}+|[^\\s\\p{L}\\p{N}]");
    private static final Pattern INITIAL_S = Pattern.compile("s[bcdfgklmnpqrtvz]");
    private static final Pattern DOUBLED = Pattern.compile("([a-qs-z])\\1");

    /**
     * Endings that Spanish adds to an organism's name to make nouns of infection, adjectives, plurals and feminines,
     * longest first; each is tried, so a word has several stems.
     */
    private static final List<String> ENDINGS = List.of(
            "ologicas", "ologicos", "ologica", "ologico", "ologias", "ologia",
            // family and superfamily endings as spelt here (ae as e): Coronaviridae, coronavirus
            "acee", "ide", "oidea",
            "emias", "emia", "iasis", "osis", "itis", "icas", "icos", "ica", "ico", "ianas", "ianos", "iana", "iano",
            "anas", "anos", "ana", "ano", "ales", "al", "arias", "arios", "aria", "ario", "ias", "ia", "us", "um",
            "es", "os", "as", "a", "o", "e", "i", "s");

    /** The shortest of {@link #stems}, or the word itself when it has none: what its inflected forms share. */
    static String root(String word) {
        List<String> stems = stems(word);
        return stems.isEmpty() ? word : stems.get(stems.size() - 1);
    }

    /** Prefixes of medical Spanish that leave the organism's name after them. */
    private static final List<String> PREFIXES = List.of("anti", "hiper", "poli", "multi", "entero", "uro", "macro",
            "micro", "copro");

    /** The shortest stem compared: shorter ones match unrelated words. */
    static final int MIN_STEM = 4;

    private Surface() {
    }

    /** The tokens of {@code text}: words and single punctuation marks. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    static boolean isWord(String token) {
        return Character.isLetterOrDigit(token.codePointAt(0));
    }

    /** Lower case, without accents, punctuation, hyphens and letter-digit boundaries as single spaces, trimmed. */
    static String key(String text) {
        // one pass rather than regular expressions: the name index keys half a million names at start
        StringBuilder out = new StringBuilder(text.length());
        int previous = 0; // 0 separator, 1 letter, 2 digit
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 128) {
                if (Character.getType(c) == Character.NON_SPACING_MARK) {
                    continue;
                }
                String plain = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
                c = plain.charAt(0);
            }
            int type = Character.isLetter(c) ? 1 : Character.isDigit(c) ? 2 : 0;
            if (type == 0) {
                previous = 0;
                continue;
            }
            if (previous != type && !out.isEmpty()) {
                out.append(' ');
            }
            out.append(Character.toLowerCase(c));
            previous = type;
        }
        return out.toString();
    }

    /** {@link #key} with Latin spellings as Spanish writes them, word by word. */
    static String spelling(String key) {
        StringBuilder out = new StringBuilder(key.length());
        for (String word : key.split(" ")) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(spellWord(word));
        }
        return out.toString();
    }

    private static String spellWord(String word) {
        if (word.equals("spp") || word.equals("sp")) {
            return "sp";
        }
        // Spanish puts an e before an initial s and consonant: Staphylococcus, estafilococo
        String w = (INITIAL_S.matcher(word).lookingAt() ? "e" + word : word)
                .replace("ph", "f").replace("th", "t").replace("rh", "r").replace("ae", "e").replace("oe", "e")
                .replace('y', 'i').replace('k', 'c').replace('w', 'u');
        return DOUBLED.matcher(w).replaceAll("$1");
    }

    /**
     * The stems of one word of a {@link #spelling}: the word itself, then the word without each ending of
     * {@link #ENDINGS} and without a leading {@link #PREFIXES prefix} (an antibacterial names the bacteria,
     * enteroparásitos are parasites), longest first, none shorter than {@link #MIN_STEM}.
     */
    static List<String> stems(String word) {
        Set<String> stems = new LinkedHashSet<>();
        addStems(word, stems);
        for (String prefix : PREFIXES) {
            if (word.startsWith(prefix) && word.length() >= prefix.length() + MIN_STEM + 2) {
                addStems(word.substring(prefix.length()), stems);
            }
        }
        List<String> sorted = new ArrayList<>(stems);
        sorted.sort((a, b) -> b.length() - a.length());
        return sorted;
    }

    private static void addStems(String word, Set<String> stems) {
        if (word.length() >= MIN_STEM) {
            stems.add(word);
        }
        for (String ending : ENDINGS) {
            if (word.endsWith(ending) && word.length() - ending.length() >= MIN_STEM) {
                stems.add(word.substring(0, word.length() - ending.length()));
            }
        }
    }
}
