package org.livingner.uima.io;

import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.OperationalProperties;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.dkpro.core.api.io.JCasFileWriter_ImplBase;
import org.livingner.Mention;
import org.livingner.taxonomy.Taxonomy;
import org.livingner.uima.CasMentions;
import org.livingner.uima.LivingNerNormalizer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Mentions to look at: per document {@code ID.html}, its text with each mention highlighted in its label's colour and
 * the label drawn after it, the mention's confidence, NCBI Taxonomy code (the {@code identifier} feature, when a
 * normalisation engine set one) with the scientific name of each id the taxonomy knows
 * ({@link #PARAM_TAXONOMY_LOCATION}) and source on hover, a legend with the mentions per label; and {@code index.html},
 * every page with its counts and the collection's totals. Pages are self-contained (CSS inline, no scripts, fonts or
 * anything else fetched) and safe for any text: markup is escaped, long lines wrap, right-to-left lines run
 * right-to-left, emoji stay whole; the text content of a page is the document text (see {@link HtmlPages} for the
 * few characters XML cannot hold), and each mention is a {@code mark} with {@code data-begin} / {@code data-end}
 * (Java {@code String} offsets), {@code data-label}, {@code data-confidence} and {@code data-identifier}.
 *
 * <p>Files are written as DKPro Core's writers write them ({@link #PARAM_TARGET_LOCATION}, named after the document,
 * {@code ID.html} for documents of the LivingNER readers; an existing file is kept unless {@link #PARAM_OVERWRITE}).
 * The index is written when the collection is complete and also lists the pages an earlier run left in the target
 * directory, so a resumed run's index covers the documents it skipped. A document whose page would be
 * {@code index.html} fails, naming the clash.
 */
@OperationalProperties(multipleDeploymentAllowed = false)
@ResourceMetaData(name = "LivingNER HTML writer", description = "Mentions highlighted in one self-contained HTML page"
        + " per document, and an index.html.")
@TypeCapability(inputs = {"org.livingner.type.LivingEntity",
        "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"})
public class LivingNerHtmlWriter extends JCasFileWriter_ImplBase {

    /** The index page's name, without its extension. */
    public static final String INDEX = "index";

    private static final String EXTENSION = ".html";

    /**
     * The NCBI Taxonomy whose scientific names the hover shows beside the codes: a taxdump directory, as
     * {@link LivingNerNormalizer#PARAM_TAXONOMY_LOCATION}; unset: the shipped index. Loaded only when a mention has a
     * code, and shared with the normaliser (loaded once per JVM).
     */
    public static final String PARAM_TAXONOMY_LOCATION = LivingNerNormalizer.PARAM_TAXONOMY_LOCATION;
    @ConfigurationParameter(name = PARAM_TAXONOMY_LOCATION, mandatory = false)
    private String taxonomyLocation;

    private volatile Taxonomy taxonomy;

    /** The pages of this run by path (below the target, without the extension). */
    private final Map<String, HtmlPages.Summary> written = new HashMap<>();

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        String id = Documents.id(jcas);
        String path = getRelativePath(jcas);
        if (path.equals(INDEX)) {
            throw new AnalysisEngineProcessException(new IOException(id + ": its page would be the index, "
                    + INDEX + EXTENSION + "; give the document another name"));
        }
        String text = jcas.getDocumentText() == null ? "" : jcas.getDocumentText();
        List<Mention> mentions = CasMentions.detailed(jcas);
        try {
            write(getOutputStream(jcas, EXTENSION), HtmlPages.page(id, path, jcas.getDocumentLanguage(), text,
                    mentions, this::nameCode));
        } catch (IOException | IllegalStateException e) {
            throw new AnalysisEngineProcessException(e);
        }
        synchronized (written) {
            written.put(path, new HtmlPages.Summary(id, path, HtmlPages.counts(mentions)));
        }
    }

    @Override
    public void collectionProcessComplete() throws AnalysisEngineProcessException {
        Map<String, HtmlPages.Summary> pages;
        synchronized (written) {
            pages = new HashMap<>(written);
        }
        try {
            earlierPages(pages);
            write(getOutputStream(INDEX, EXTENSION), HtmlPages.index(pages.values()));
        } catch (IOException e) {
            throw new AnalysisEngineProcessException(e);
        }
        super.collectionProcessComplete();
    }

    /** Adds the pages found in a target directory that this run did not write. */
    private void earlierPages(Map<String, HtmlPages.Summary> pages) throws IOException {
        String target = getTargetLocation();
        if (target == null || target.startsWith(JAR_PREFIX) || !Files.isDirectory(Path.of(target))) {
            return;
        }
        Path dir = Path.of(target);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String relative = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (!relative.endsWith(EXTENSION) || !Files.isRegularFile(file)) {
                    continue;
                }
                String path = relative.substring(0, relative.length() - EXTENSION.length());
                if (!path.equals(INDEX) && !pages.containsKey(path)) {
                    HtmlPages.Summary earlier = HtmlPages.read(file, path);
                    if (earlier != null) {
                        pages.put(path, earlier);
                    }
                }
            }
        }
    }

    private String nameCode(String code) {
        if (taxonomy == null) {
            try {
                taxonomy = LivingNerNormalizer.load(taxonomyLocation).taxonomy();
            } catch (ResourceInitializationException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return taxonomy.nameCode(code);
    }

    private static void write(OutputStream stream, String content) throws IOException {
        try (OutputStream out = stream) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Each file is written whole or not at all, with the umask's mode ({@link OutputFiles#atomic}). */
    @Override
    protected NamedOutputStream getOutputStream(String relativePath, String extension) throws IOException {
        NamedOutputStream atomic = OutputFiles.atomic(getContext(), getTargetLocation(), getCompressionMethod(),
                relativePath, extension);
        return atomic != null ? atomic : super.getOutputStream(relativePath, extension);
    }
}
