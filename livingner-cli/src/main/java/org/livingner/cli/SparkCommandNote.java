package org.livingner.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code spark} in the command list: the Spark command (livingner-spark's {@code SparkCommand}) runs in a JVM of its
 * own, with Spark on the class path, which this one never loads; {@code bin/livingner spark} starts it. Run here, it
 * says so.
 */
@Command(name = "spark",
        description = {"Runs annotate on Apache Spark (bin/livingner spark).",
                "A JVM of its own, with Spark on its class path: 'bin/livingner spark --help' lists its options;"
                        + " on a cluster, spark-submit --class org.livingner.spark.SparkCommand with the Spark jar"
                        + " (docs/spark.md)."})
final class SparkCommandNote implements Callable<Integer> {

    @Unmatched
    List<String> arguments;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("livingner spark: runs in a JVM with Spark on its class path, which this"
                + " one does not have; start it with 'bin/livingner spark ...' ('bin/livingner spark --help' lists its"
                + " options), or with spark-submit --class org.livingner.spark.SparkCommand (docs/spark.md)");
        return 2;
    }
}
