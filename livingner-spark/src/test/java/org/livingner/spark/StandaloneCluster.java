package org.livingner.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: one Master and N Workers of one core each, every one its own
 * JVM started from this JVM's class path, with Spark's module options. Executors (which the Workers start) get the
 * same class path through {@code spark.executor.extraClassPath}; SPARK_HOME is an empty installation (a RELEASE file
 * and no jars), so nothing else is on theirs.
 */
final class StandaloneCluster implements AutoCloseable {

    /** Spark's launcher options (JavaModuleOptions), which every Spark JVM on Java 17 needs. */
    static final List<String> SPARK_JVM_OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-modules=jdk.incubator.vector", "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    private final Path dir;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();
    private final String url;

    private StandaloneCluster(Path dir, Process master, String url) {
        this.dir = dir;
        this.master = master;
        this.url = url;
    }

    /** Starts the Master and {@code workers} Workers and waits until every Worker has registered. */
    static StandaloneCluster start(Path dir, int workers) throws Exception {
        Path home = dir.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        Files.writeString(home.resolve("RELEASE"), "Spark for tests: an empty installation\n");
        int port = freePort();
        Path masterLog = dir.resolve("master.log");
        Process master = launch(dir, home, masterLog, "org.apache.spark.deploy.master.Master",
                List.of("--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", "0"));
        StandaloneCluster cluster = new StandaloneCluster(dir, master, "spark://127.0.0.1:" + port);
        try {
            awaitLine(masterLog, "I have been elected leader", master);
            for (int i = 1; i <= workers; i++) {
                Path work = dir.resolve("worker-" + i);
                Files.createDirectories(work);
                Path log = dir.resolve("worker-" + i + ".log");
                Process worker = launch(dir, home, log, "org.apache.spark.deploy.worker.Worker",
                        List.of(cluster.url, "--host", "127.0.0.1", "--cores", "1", "--memory", "3g",
                                "--webui-port", "0", "--work-dir", work.toString()));
                cluster.workers.add(worker);
                awaitLine(log, "Successfully registered with master", worker);
            }
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    String url() {
        return url;
    }

    /** The Spark settings a job on this cluster needs: the executors' class path and a driver on 127.0.0.1. */
    List<String> jobOptions() {
        return List.of("--conf", "spark.executor.extraClassPath=" + System.getProperty("java.class.path"),
                "--conf", "spark.executor.memory=1500m",
                "--conf", "spark.executor.extraJavaOptions=-Dai.djl.offline=true"
                        + " -Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                // start tasks only once every Worker's executor is there, so each executor gets work
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.ui.enabled=false");
    }

    /** Kills Worker {@code i} (1-based) and the executor it started, at once (SIGKILL): a machine lost mid-job. */
    void killWorker(int i) throws InterruptedException {
        Process worker = workers.get(i - 1);
        kill(worker);
        if (worker.isAlive()) {
            throw new AssertionError("Worker " + i + " survived SIGKILL");
        }
    }

    /** The processes of executors the Workers started (their children). */
    long executorProcesses() {
        return workers.stream().filter(Process::isAlive).mapToLong(w -> w.toHandle().children().count()).sum();
    }

    @Override
    public void close() throws InterruptedException {
        for (Process worker : workers) {
            kill(worker);
        }
        kill(master);
    }

    private static void kill(Process process) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(process.toHandle().descendants().toList());
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        for (ProcessHandle p : tree) {
            p.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> p).join();
        }
    }

    private static Process launch(Path dir, Path home, Path log, String mainClass, List<String> args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(SPARK_JVM_OPTIONS);
        // the lines awaited are INFO; livingner-cli's simplelogger.properties (on this class path) sets WARN
        command.addAll(List.of("-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    private static void awaitLine(Path log, String text, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("exited before '" + text + "': " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' within 120 s: " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    Path dir() {
        return dir;
    }
}
