package org.livingner.spark;

import de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SerializableWritable;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;
import org.apache.uima.cas.CAS;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.livingner.corpus.LivingNerTsv;
import org.livingner.corpus.Mention;
import org.livingner.type.LivingEntity;
import org.livingner.uima.CasMentions;
import org.livingner.uima.batch.Failure;
import org.livingner.uima.io.UnreadableDocumentException;
import org.livingner.uima.io.Utf8Text;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The task side of the job: runs one partition's documents through a pooled pipeline of this executor
 * ({@link ExecutorPipelines}) and turns each into {@link SparkAnnotator#OUTCOMES} rows: its mentions and a
 * {@code document} row, or one {@code error} row. A document that cannot be read or fails in the pipeline is an error
 * row, never an exception, so one bad document does not fail (and retry) its task. Documents are processed one at a
 * time as Spark pulls rows, so a partition's size does not matter for memory.
 */
final class AnnotatePartition implements MapPartitionsFunction<Row, Row> {

    private final ExecutorSettings settings;
    /** Hadoop configuration for reading files (rows are {@code id, path}); null when rows are {@code id, text}. */
    private final Broadcast<SerializableWritable<Configuration>> files;

    AnnotatePartition(ExecutorSettings settings, Broadcast<SerializableWritable<Configuration>> files) {
        this.settings = settings;
        this.files = files;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> documents) throws Exception {
        TaskContext task = TaskContext.get();
        ExecutorPipelines.Pipeline pipeline = ExecutorPipelines.borrow(settings, task == null ? 1 : task.cpus());
        if (task != null) {
            task.addTaskCompletionListener(new GiveBack(settings, pipeline));
        }
        Configuration conf = files == null ? null : files.value().value();
        String executor = executorName();
        return new Iterator<>() {
            private final Deque<Row> pending = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                while (pending.isEmpty() && documents.hasNext()) {
                    pending.addAll(annotate(documents.next(), pipeline, conf, executor));
                }
                return !pending.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return pending.poll();
            }
        };
    }

    /** The outcome rows of one document. */
    private List<Row> annotate(Row document, ExecutorPipelines.Pipeline pipeline, Configuration conf,
                               String executor) {
        String id = document.isNullAt(0) ? null : document.getString(0);
        if (id == null || id.isBlank()) {
            return List.of(SparkAnnotator.error(id == null ? "(no id)" : id, "the document has no id"));
        }
        if (id.chars().anyMatch(c -> c == '\t' || c == '\n' || c == '\r')) {
            return List.of(SparkAnnotator.error(id, "the document id has a tab or line break; LivingNER TSV cannot"
                    + " hold it"));
        }
        CAS cas = pipeline.cas();
        try {
            Utf8Text.Content content = conf == null ? new Utf8Text.Content(textColumn(document), false)
                    : read(document.getString(1), conf);
            String text = content.text();
            cas.reset();
            JCas jcas = cas.getJCas();
            jcas.setDocumentText(text);
            jcas.setDocumentLanguage(settings.pipeline().language());
            DocumentMetaData meta = DocumentMetaData.create(jcas);
            meta.setDocumentId(id);
            meta.setDocumentTitle(id);
            pipeline.engine().process(cas);
            // a byte order mark the decoder removed still counts in LivingNER offsets, as in annotate's TSV
            List<Row> rows = mentions(jcas, id, content.byteOrderMark() ? 1 : 0);
            rows.add(SparkAnnotator.document(id, rows.size(), executor, ExecutorPipelines.modelLoads()));
            return rows;
        } catch (Exception | StackOverflowError e) {
            return List.of(SparkAnnotator.error(id, Failure.reason(e)));
        } finally {
            cas.reset();
        }
    }

    private static String textColumn(Row document) throws IOException {
        if (document.isNullAt(1)) {
            throw new IOException("the document has no text (null)");
        }
        return document.getString(1);
    }

    /** A text file's content, from any Hadoop file system, decoded exactly as {@code annotate} decodes files. */
    private static Utf8Text.Content read(String file, Configuration conf) throws IOException {
        Path path = new Path(file);
        byte[] bytes;
        try (FSDataInputStream in = path.getFileSystem(conf).open(path)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UnreadableDocumentException(file, "cannot be read (" + e + ")", e);
        }
        return Utf8Text.decode(bytes, file);
    }

    /** Mention rows in document order, with annotate's TSV offsets (code points) and text. */
    private static List<Row> mentions(JCas jcas, String id, int removedPrefix) {
        String text = jcas.getDocumentText();
        List<LivingEntity> entities = new ArrayList<>();
        for (LivingEntity entity : JCasUtil.select(jcas, LivingEntity.class)) {
            if (entity.getEnd() > entity.getBegin()) {
                entities.add(entity);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (LivingEntity e : entities) {
            Mention m = LivingNerTsv.withCodePointOffsets(new Mention(id, CasMentions.labelOf(e), e.getBegin(),
                    e.getEnd(), e.getCoveredText()), text, removedPrefix);
            rows.add(RowFactory.create(SparkAnnotator.MENTION, id, m.label(), m.begin(), m.end(), m.text(),
                    e.getConfidence(), e.getSource(), e.getIdentifier(), null, null, null, null));
        }
        return rows;
    }

    /** Which executor JVM ran the document: Spark's executor id, process id and host. */
    private static String executorName() {
        SparkEnv env = SparkEnv.get();
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        return (env == null ? "?" : env.executorId()) + " pid " + ProcessHandle.current().pid() + " on " + host;
    }

    /** Gives the task's pipeline back to the pool when the task ends, whether it succeeded, failed or was killed. */
    private record GiveBack(ExecutorSettings settings, ExecutorPipelines.Pipeline pipeline)
            implements TaskCompletionListener {
        @Override
        public void onTaskCompletion(TaskContext context) {
            ExecutorPipelines.giveBack(settings, pipeline);
        }
    }
}
