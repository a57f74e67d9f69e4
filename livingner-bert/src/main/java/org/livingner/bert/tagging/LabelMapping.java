package org.livingner.bert.tagging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names for the labels of a checkpoint whose {@code id2label} holds only generic names ({@code LABEL_0},
 * {@code LABEL_1}, ...), as many fine-tuned checkpoints on the hub do when the training script did not
 * store its label list. The user gives the names in label-id order, e.g.
 * {@code --labels O,B-HUMAN,I-HUMAN,B-SPECIES,I-SPECIES}.
 */
public final class LabelMapping {

    private static final Logger LOG = LoggerFactory.getLogger(LabelMapping.class);
    private static final Pattern GENERIC = Pattern.compile("LABEL_(\\d+)");
    private static final Pattern IOB2 = Pattern.compile("O|[BI]-\\S+");

    private LabelMapping() {
    }

    /** True when every label is {@code LABEL_<its id>}: the checkpoint does not say what its labels mean. */
    public static boolean isGeneric(List<String> labels) {
        if (labels.isEmpty()) {
            return false;
        }
        for (int i = 0; i < labels.size(); i++) {
            var m = GENERIC.matcher(labels.get(i));
            if (!m.matches() || Integer.parseInt(m.group(1)) != i) {
                return false;
            }
        }
        return true;
    }

    /** Splits a comma-separated list such as {@code O,B-HUMAN,I-HUMAN}; blanks and duplicates are errors. */
    public static List<String> parse(String commaSeparated) {
        List<String> labels = new ArrayList<>();
        String[] parts = commaSeparated.split(",", -1);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < parts.length; i++) {
            String label = parts[i].strip();
            if (label.isEmpty()) {
                throw new IllegalArgumentException("labels '" + commaSeparated + "': entry " + (i + 1)
                        + " is empty; expected comma-separated names in label-id order, e.g. "
                        + "O,B-HUMAN,I-HUMAN,B-SPECIES,I-SPECIES");
            }
            if (!seen.add(label)) {
                throw new IllegalArgumentException("labels '" + commaSeparated + "': '" + label
                        + "' appears twice; each label id needs its own name");
            }
            labels.add(label);
        }
        return labels;
    }

    /**
     * The labels to use for a checkpoint: {@code names} when given (validated against the checkpoint's
     * label count and the IOB2 form the decoder understands), else the checkpoint's own labels.
     *
     * @param checkpointLabels the checkpoint's {@code id2label}, in id order
     * @param names            the user's names in id order, or {@code null} for none
     * @param source           where the checkpoint labels come from, for messages (e.g. the config.json path)
     */
    public static List<String> apply(List<String> checkpointLabels, List<String> names, String source) {
        if (names == null || names.isEmpty()) {
            return List.copyOf(checkpointLabels);
        }
        if (names.size() != checkpointLabels.size()) {
            throw new IllegalArgumentException(source + " has " + checkpointLabels.size() + " labels "
                    + checkpointLabels + " but " + names.size() + " names were given " + names
                    + "; give exactly " + checkpointLabels.size() + " names, in label-id order");
        }
        for (int i = 0; i < names.size(); i++) {
            if (!IOB2.matcher(names.get(i)).matches()) {
                throw new IllegalArgumentException("label name '" + names.get(i) + "' (for id " + i + ", "
                        + checkpointLabels.get(i) + " in " + source + ") is not an IOB2 tag: expected O, B-TYPE "
                        + "or I-TYPE");
            }
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("label names " + names + " repeat a name; each label id of "
                    + source + " needs its own name");
        }
        if (!isGeneric(checkpointLabels) && !checkpointLabels.equals(names)) {
            LOG.warn("{} already names its labels {}; renaming them as given: {}", source, checkpointLabels,
                    describe(checkpointLabels, names));
        } else {
            LOG.info("Labels of {}: {}", source, describe(checkpointLabels, names));
        }
        return List.copyOf(names);
    }

    /** {@code LABEL_0 -> O, LABEL_1 -> B-HUMAN, ...} */
    public static String describe(List<String> from, List<String> to) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < from.size(); i++) {
            text.append(i > 0 ? ", " : "").append(from.get(i)).append(" -> ").append(to.get(i));
        }
        return text.toString();
    }
}
