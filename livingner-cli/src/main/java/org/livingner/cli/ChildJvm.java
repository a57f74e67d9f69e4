package org.livingner.cli;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a fresh JVM with this JVM's class path and its -X / -D options: measurements that must
 * not share a process (peak memory, load time, native thread pools) and probes that may abort the JVM run there.
 */
final class ChildJvm {

    private ChildJvm() {
    }

    /** {@code java [this JVM's -X/-D options] [extraJvmOptions] -cp CLASSPATH mainClass args}. */
    static List<String> command(List<String> extraJvmOptions, Class<?> mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-X") || arg.startsWith("-D")) {
                command.add(arg);
            }
        }
        command.addAll(extraJvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(args);
        return command;
    }

    /** This CLI ({@code livingner ARGS}) in a fresh JVM. */
    static List<String> cli(List<String> extraJvmOptions, List<String> args) {
        return command(extraJvmOptions, LivingNerCli.class, args);
    }
}
