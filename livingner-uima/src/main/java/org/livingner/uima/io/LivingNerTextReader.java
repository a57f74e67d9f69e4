package org.livingner.uima.io;

import org.apache.uima.UimaContext;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.dkpro.core.api.io.JCasResourceCollectionReader_ImplBase;
import org.dkpro.core.api.parameter.ComponentParameters;
import org.springframework.core.io.FileSystemResource;
import org.springframework.util.AntPathMatcher;
import org.springframework.util.ResourceUtils;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Plain text documents, one per file, on DKPro Core's reader base: {@link #PARAM_SOURCE_LOCATION} is a file or a
 * directory, {@link #PARAM_PATTERNS} the files of a directory to read (Ant patterns, {@code [+]} include, {@code [-]}
 * exclude; default {@value #DEFAULT_PATTERN}: its {@code .txt} files at any depth), {@link #PARAM_LANGUAGE} the
 * documents' language (default {@value #DEFAULT_LANGUAGE}), {@link #PARAM_SOURCE_ENCODING} their charset (default
 * UTF-8).
 *
 * <p>A document's id is its path below the directory (or its file name) without the extension: {@code sub/caso_1}
 * for {@code sub/caso_1.txt}. Ids name the outputs: DKPro's file writers, ours and the LivingNER TSV's
 * {@code filename} column call a document by it (see {@link Documents#describe(JCas, String, URI)}).
 *
 * <p>A byte order mark is removed (and noted, see {@link Documents#removedPrefix}); everything else (CRLF line ends,
 * control characters) is kept, so offsets are offsets into the file's text. A file that does not decode, cannot
 * be read, is larger than {@link #PARAM_MAX_DOCUMENT_SIZE}, or lies in a subdirectory that cannot be listed fails its
 * own {@link #getNext} with its name and the reason ({@link UnreadableDocumentException}); the reader has already
 * moved on, so the caller may continue. (Directories are walked here, not by the base: its resolver skips a whole
 * directory with an unreadable part, logging a warning only.)
 */
@ResourceMetaData(name = "LivingNER text reader", description = "Plain text files (UTF-8 unless told otherwise),"
        + " one document each.")
@TypeCapability(outputs = {"de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData",
        "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.MetaDataStringField"})
public class LivingNerTextReader extends JCasResourceCollectionReader_ImplBase {

    /** The files a directory given without {@link #PARAM_PATTERNS} contributes. */
    public static final String DEFAULT_PATTERN = "[+]**/*.txt";

    /** The documents' language when {@link #PARAM_LANGUAGE} is not given: LivingNER's Spanish. */
    public static final String DEFAULT_LANGUAGE = "es";

    /**
     * Largest document in bytes; a larger file fails alone, before it is read, naming its size and this limit
     * (default {@value Utf8Text#DEFAULT_MAX_BYTES_TEXT}: far above any clinical case, far below what fills a heap,
     * whose overflow would otherwise end the whole run).
     */
    public static final String PARAM_MAX_DOCUMENT_SIZE = "maxDocumentSize";
    @ConfigurationParameter(name = PARAM_MAX_DOCUMENT_SIZE, defaultValue = Utf8Text.DEFAULT_MAX_BYTES_TEXT)
    private long maxDocumentSize;

    /**
     * The documents' charset, DKPro's parameter name (default UTF-8; e.g. {@code ISO-8859-1} or {@code windows-1252}
     * for hospital exports); a file with bytes that are not valid in it fails alone, naming the first such byte.
     */
    public static final String PARAM_SOURCE_ENCODING = ComponentParameters.PARAM_SOURCE_ENCODING;
    @ConfigurationParameter(name = PARAM_SOURCE_ENCODING, defaultValue = ComponentParameters.DEFAULT_ENCODING)
    private String sourceEncoding;

    private Charset charset;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        checkMaxDocumentSize(maxDocumentSize);
        charset = charset(sourceEncoding);
    }

    /** The charset a reader's {@link #PARAM_SOURCE_ENCODING} names; a name Java does not know fails, naming it. */
    static Charset charset(String name) throws ResourceInitializationException {
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new ResourceInitializationException(new IllegalArgumentException(PARAM_SOURCE_ENCODING + " '"
                    + name + "' is not a charset this Java knows (e.g. UTF-8, ISO-8859-1, windows-1252)", e));
        }
    }

    static void checkMaxDocumentSize(long maxDocumentSize) throws ResourceInitializationException {
        if (maxDocumentSize < 1) {
            throw new ResourceInitializationException(new IllegalArgumentException(
                    PARAM_MAX_DOCUMENT_SIZE + " must be at least 1 byte, found " + maxDocumentSize));
        }
    }

    /** File-system locations are walked by {@link SourceFiles}; others (class path, jar) are left to the base. */
    @Override
    protected Collection<Resource> scan(String base, Collection<String> includes, Collection<String> excludes)
            throws IOException {
        if (base == null || !ResourceUtils.isFileURL(new URL(base))) {
            return super.scan(base, includes, excludes);
        }
        Path location = ResourceUtils.getFile(base).toPath();
        List<String> patterns = includes.isEmpty()
                ? List.of(DEFAULT_PATTERN.substring(INCLUDE_PREFIX.length())) : List.copyOf(includes);
        boolean includeHidden = Boolean.TRUE.equals(getUimaContext().getConfigParameterValue(PARAM_INCLUDE_HIDDEN));
        AntPathMatcher matcher = new AntPathMatcher();
        SourceFiles.Selection selection = new SourceFiles.Selection() {
            @Override
            public boolean file(String path, Path file) {
                return patterns.stream().anyMatch(p -> matcher.match(p, path))
                        && excludes.stream().noneMatch(p -> matcher.match(p, path))
                        && (includeHidden || !file.getFileName().toString().startsWith("."));
            }

            @Override
            public boolean directory(String path) {
                return patterns.stream().anyMatch(p -> matcher.matchStart(p, path))
                        && excludes.stream().noneMatch(p -> matcher.match(p, path));
            }
        };
        Path directory = Files.isDirectory(location) ? location : location.toAbsolutePath().getParent();
        List<Resource> found = new ArrayList<>();
        for (SourceFiles.Source source : SourceFiles.list(List.of(location), selection, null)) {
            found.add(new Found(source, base, directory.toUri().toString()));
        }
        return found;
    }

    /** A file the walk found (or a part it could not list), with the id it gave it. */
    private static final class Found extends Resource {
        private final SourceFiles.Source source;

        Found(SourceFiles.Source source, String base, String resolvedBase) {
            super(source.file().toUri().toString(), base, source.file().toUri(), resolvedBase, source.path(),
                    new FileSystemResource(source.file()));
            this.source = source;
        }
    }

    @Override
    public void getNext(JCas jcas) throws IOException {
        Resource resource = nextFile();
        String id;
        String name;
        if (resource instanceof Found found) {
            found.source.check();
            id = found.source.documentId();
            name = found.source.file().toString();
        } else {
            id = SourceFiles.stripSuffix(resource.getPath(), null);
            name = resource.getLocation();
        }
        Utf8Text.Content content = Utf8Text.read(resource.getResource(), name, maxDocumentSize, charset);
        fill(jcas, id, resource.getResolvedUri(), content, getLanguage() == null ? DEFAULT_LANGUAGE : getLanguage());
    }

    /** A text document's CAS: text, language, metadata, and the note that a byte order mark was removed. */
    static void fill(JCas jcas, String id, URI source, Utf8Text.Content content, String language) {
        jcas.setDocumentText(content.text());
        jcas.setDocumentLanguage(language);
        Documents.describe(jcas, id, source);
        if (content.byteOrderMark()) {
            Documents.byteOrderMarkRemoved(jcas);
        }
    }
}
