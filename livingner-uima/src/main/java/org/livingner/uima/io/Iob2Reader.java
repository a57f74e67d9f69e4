package org.livingner.uima.io;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import org.apache.uima.UimaContext;
import org.apache.uima.cas.CASException;
import org.apache.uima.collection.CollectionException;
import org.apache.uima.fit.component.JCasCollectionReader_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.util.Progress;
import org.apache.uima.util.ProgressImpl;
import org.livingner.corpus.DevSplit;
import org.livingner.corpus.Iob2Corpus;
import org.livingner.corpus.Iob2Sentence;
import org.livingner.corpus.Mention;
import org.livingner.corpus.NcbiCodeTable;
import org.livingner.corpus.WrittenSentence;
import org.livingner.type.LivingEntity;
import org.livingner.uima.CasMentions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * IOB2 files (one token and optionally one tag per line, a blank line between sentences, as in
 * {@code ../shared/data/livingner}). A document is a file, or {@link #PARAM_SENTENCES_PER_DOCUMENT} consecutive
 * sentences of it; its text is the sentences, one per line, each its tokens joined by single spaces, with a DKPro
 * {@link Sentence} and {@link Token}s (or, with {@link #PARAM_RAW_TEXT}, written as plain text without them). With {@link #PARAM_READ_GOLD} the tags become gold mentions in the view
 * {@link CasMentions#GOLD_VIEW}. A file that cannot be parsed fails {@link #getNext} naming its line.
 */
@ResourceMetaData(name = "LivingNER IOB2 reader", description = "IOB2 token/tag files, optionally with gold mentions.")
@TypeCapability(outputs = {"de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData",
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
        "org.livingner.type.Human", "org.livingner.type.Species"})
public class Iob2Reader extends JCasCollectionReader_ImplBase {

    /** IOB2 files or directories (their files ending in {@code .iob2}, recursively). */
    public static final String PARAM_SOURCE_LOCATIONS = "sourceLocations";
    @ConfigurationParameter(name = PARAM_SOURCE_LOCATIONS)
    private String[] sourceLocations;

    /** Put the tags, as mentions, in the gold view (files must then have a tag column). */
    public static final String PARAM_READ_GOLD = "readGold";
    @ConfigurationParameter(name = PARAM_READ_GOLD, defaultValue = "false")
    private boolean readGold;

    /**
     * Sentences per document; 0 (default) makes each file one document. Documents of a split file are called
     * {@code NAME_00001}, {@code NAME_00002}, ...
     */
    public static final String PARAM_SENTENCES_PER_DOCUMENT = "sentencesPerDocument";
    @ConfigurationParameter(name = PARAM_SENTENCES_PER_DOCUMENT, defaultValue = "0")
    private int sentencesPerDocument;

    /** Which sentences of each file: {@code all} (default), or the {@code dev} or {@code train} part of a split. */
    public static final String PARAM_SPLIT = "split";
    @ConfigurationParameter(name = PARAM_SPLIT, defaultValue = "all")
    private String split;

    /**
     * With {@link #PARAM_SPLIT} {@code dev} or {@code train}: the share of a file's sentences held out as dev, by
     * {@link DevSplit} (the split the trainer makes), before the sentences are cut into documents.
     */
    public static final String PARAM_DEV_FRACTION = "devFraction";
    @ConfigurationParameter(name = PARAM_DEV_FRACTION, defaultValue = "0.1")
    private double devFraction;

    /** Seed of the {@link DevSplit}. */
    public static final String PARAM_SPLIT_SEED = "splitSeed";
    @ConfigurationParameter(name = PARAM_SPLIT_SEED, defaultValue = "42")
    private long splitSeed;

    /**
     * Give the pipeline plain text only: each sentence written as a person writes it ({@link WrittenSentence}: no
     * space before closing punctuation or after opening brackets), with no {@link Sentence} or {@link Token}
     * annotations, so the pipeline's own sentence splitter and tokenizer do their work as on a user's text. Gold
     * mentions keep their exact character spans in that text.
     */
    public static final String PARAM_RAW_TEXT = "rawText";
    @ConfigurationParameter(name = PARAM_RAW_TEXT, defaultValue = "false")
    private boolean rawText;

    /**
     * The NCBI Taxonomy codes of the gold mentions, as LivingNER's {@code train-ncbi.tsv} gives them for
     * {@code train.iob2} ({@link NcbiCodeTable}: sentence index in the IOB2 file, tokens, label, span, code), set as
     * each gold mention's {@code identifier}. Only with {@link #PARAM_READ_GOLD} and one IOB2 file; every row is
     * checked against that file (a row that does not fit fails the document, naming the line and column). Unset: gold
     * mentions have no code.
     */
    public static final String PARAM_GOLD_CODES = "goldCodes";
    @ConfigurationParameter(name = PARAM_GOLD_CODES, mandatory = false)
    private String goldCodes;

    /** Document language. */
    public static final String PARAM_LANGUAGE = "language";
    @ConfigurationParameter(name = PARAM_LANGUAGE, defaultValue = "es")
    private String language;

    private List<SourceFiles.Source> sources;
    private int nextSource;
    private SourceFiles.Source current;
    private List<Iob2Sentence> currentSentences;
    /** The codes of the current file's gold mentions, and each sentence's index in the file; null without codes. */
    private NcbiCodeTable currentCodes;
    private Map<Iob2Sentence, Integer> sentenceIndex;
    private int nextSentence;
    private int part;
    private int documentsRead;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        if (sentencesPerDocument < 0) {
            throw new ResourceInitializationException(new IllegalArgumentException(
                    PARAM_SENTENCES_PER_DOCUMENT + " must be 0 (a file per document) or more, found "
                            + sentencesPerDocument));
        }
        if (!List.of("all", "dev", "train").contains(split)) {
            throw new ResourceInitializationException(new IllegalArgumentException(
                    PARAM_SPLIT + " must be all, dev or train, found '" + split + "'"));
        }
        if (!split.equals("all") && !(devFraction > 0 && devFraction < 1)) {
            throw new ResourceInitializationException(new IllegalArgumentException(
                    PARAM_DEV_FRACTION + " must be between 0 and 1 (exclusive), found " + devFraction));
        }
        try {
            sources = SourceFiles.list(Arrays.stream(sourceLocations).map(Path::of).toList(),
                    SourceFiles.Selection.suffix(".iob2"), ".iob2");
        } catch (IOException e) {
            throw new ResourceInitializationException(e);
        }
        if (goldCodes != null && !goldCodes.isBlank() && (!readGold || sources.size() != 1)) {
            throw new ResourceInitializationException(new IllegalArgumentException(PARAM_GOLD_CODES + " " + goldCodes
                    + ": the codes of one IOB2 file's gold mentions, found " + (readGold ? sources.size()
                    + " IOB2 files" : "no gold mentions asked for (" + PARAM_READ_GOLD + " is false)")));
        }
    }

    @Override
    public boolean hasNext() {
        return currentSentences != null && nextSentence < currentSentences.size() || nextSource < sources.size();
    }

    @Override
    public void getNext(JCas jcas) throws CollectionException {
        if (currentSentences == null || nextSentence >= currentSentences.size()) {
            current = sources.get(nextSource++);
            currentSentences = null;
            nextSentence = 0;
            part = 0;
            try {
                current.check();
                List<Iob2Sentence> all = Iob2Corpus.read(current.file());
                if (goldCodes != null && !goldCodes.isBlank()) {
                    currentCodes = NcbiCodeTable.read(Path.of(goldCodes), all);
                    sentenceIndex = new IdentityHashMap<>();
                    for (int i = 0; i < all.size(); i++) {
                        sentenceIndex.put(all.get(i), i);
                    }
                }
                currentSentences = part(all);
            } catch (UnreadableDocumentException e) {
                documentsRead++;
                throw new CollectionException(e);
            } catch (IOException | RuntimeException e) {
                documentsRead++;
                throw new CollectionException(new UnreadableDocumentException(current.file().toString(),
                        e.getMessage() == null ? e.toString() : e.getMessage(), e));
            }
            if (readGold && !currentSentences.isEmpty() && !currentSentences.get(0).hasTags()) {
                Path file = current.file();
                currentSentences = null;
                documentsRead++;
                throw new CollectionException(new UnreadableDocumentException(file.toString(),
                        "has no tag column, but gold mentions were asked for (expected 'token<TAB>tag' lines)"));
            }
        }
        int count = sentencesPerDocument == 0 ? currentSentences.size()
                : Math.min(sentencesPerDocument, currentSentences.size() - nextSentence);
        List<Iob2Sentence> sentences = currentSentences.subList(nextSentence, nextSentence + count);
        nextSentence += count;
        String id = sentencesPerDocument == 0 ? current.documentId()
                : String.format("%s_%05d", current.documentId(), ++part);
        documentsRead++;
        fill(jcas, sentences, id);
    }

    private List<Iob2Sentence> part(List<Iob2Sentence> sentences) {
        return switch (split) {
            case "dev" -> DevSplit.split(sentences, devFraction, splitSeed).dev();
            case "train" -> DevSplit.split(sentences, devFraction, splitSeed).train();
            default -> sentences;
        };
    }

    private void fill(JCas jcas, List<Iob2Sentence> sentences, String id) throws CollectionException {
        StringBuilder text = new StringBuilder();
        List<WrittenSentence> written = new ArrayList<>(sentences.size());
        int[] offsets = new int[sentences.size()];
        for (int s = 0; s < sentences.size(); s++) {
            if (s > 0) {
                text.append('\n');
            }
            offsets[s] = text.length();
            Iob2Sentence sentence = sentences.get(s);
            WrittenSentence w = rawText ? WrittenSentence.of(sentence.tokens())
                    : new WrittenSentence(sentence.text(), sentence.tokenBegins(), sentence.tokenEnds());
            written.add(w);
            text.append(w.text());
        }
        jcas.setDocumentText(text.toString());
        jcas.setDocumentLanguage(language);
        Documents.describe(jcas, id, current.file());
        if (!rawText) {
            for (int s = 0; s < sentences.size(); s++) {
                int offset = offsets[s];
                WrittenSentence w = written.get(s);
                new Sentence(jcas, offset, offset + w.text().length()).addToIndexes();
                for (int t = 0; t < w.begins().length; t++) {
                    new Token(jcas, offset + w.begins()[t], offset + w.ends()[t]).addToIndexes();
                }
            }
        }
        if (readGold) {
            try {
                JCas gold = CasMentions.goldView(jcas);
                for (int s = 0; s < sentences.size(); s++) {
                    Iob2Sentence sentence = sentences.get(s);
                    List<Mention> mentions = written.get(s).mentions(sentence, id);
                    List<Iob2Sentence.TokenSpan> spans = sentence.tokenSpans();
                    for (int i = 0; i < mentions.size(); i++) {
                        Mention m = mentions.get(i);
                        LivingEntity mention = CasMentions.add(gold, m.label(), offsets[s] + m.begin(),
                                offsets[s] + m.end(), 1.0, CasMentions.GOLD_SOURCE);
                        if (currentCodes != null) {
                            mention.setIdentifier(currentCodes.code(sentenceIndex.get(sentence), spans.get(i)));
                        }
                    }
                }
            } catch (CASException e) {
                throw new CollectionException(e);
            }
        }
    }

    @Override
    public Progress[] getProgress() {
        int total = sentencesPerDocument == 0 ? sources.size() : Math.max(documentsRead, sources.size());
        return new Progress[] {new ProgressImpl(documentsRead, total, Progress.ENTITIES)};
    }
}
