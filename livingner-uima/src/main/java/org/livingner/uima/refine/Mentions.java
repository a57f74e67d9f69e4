package org.livingner.uima.refine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.livingner.type.Human;
import org.livingner.type.LivingEntity;
import org.livingner.type.Species;

/** Label names of the LivingNER types and creation of mentions from a label. */
public final class Mentions {
    public static final String HUMAN = "HUMAN";
    public static final String SPECIES = "SPECIES";

    private Mentions() {
    }

    /** HUMAN / SPECIES from the mention's type; the value feature for plain LivingEntity annotations. */
    public static String label(LivingEntity mention) {
        if (mention instanceof Human) {
            return HUMAN;
        }
        if (mention instanceof Species) {
            return SPECIES;
        }
        return mention.getValue();
    }

    public static boolean isLabel(String label) {
        return HUMAN.equals(label) || SPECIES.equals(label);
    }

    /**
     * A new, not yet indexed mention of the type that matches the label; value is set to the label. Invisible
     * characters at its ends are left out ({@link org.livingner.uima.CasMentions#visible}).
     */
    public static LivingEntity create(JCas jcas, String label, int begin, int end) {
        int[] visible = org.livingner.uima.CasMentions.visible(jcas.getDocumentText(), begin, end);
        begin = visible[0];
        end = visible[1];
        LivingEntity mention;
        if (HUMAN.equals(label)) {
            mention = new Human(jcas, begin, end);
        } else if (SPECIES.equals(label)) {
            mention = new Species(jcas, begin, end);
        } else {
            throw new IllegalArgumentException("label '" + label + "': expected " + HUMAN + " or " + SPECIES);
        }
        mention.setValue(label);
        return mention;
    }

    /** All mentions in document order (begin ascending, longer first). */
    public static List<LivingEntity> inOrder(JCas jcas) {
        List<LivingEntity> mentions = new ArrayList<>(JCasUtil.select(jcas, LivingEntity.class));
        mentions.sort(Comparator.comparingInt(LivingEntity::getBegin)
                .thenComparing(Comparator.comparingInt(LivingEntity::getEnd).reversed()));
        return mentions;
    }
}
