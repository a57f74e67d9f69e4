package org.livingner.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Properties;

/**
 * The {@code livingner} command. Its conventions (git's and picocli's): {@code --help} lists the commands, one line
 * each, {@code COMMAND --help} gives a command's details, {@code --version} the build's version, and a usage error
 * prints what was wrong and where to look, in two lines, with exit code 2.
 */
@Command(name = "livingner", mixinStandardHelpOptions = true,
        description = "Finds HUMAN and SPECIES mentions (LivingNER 2022) in Spanish clinical text.",
        footer = {"", "A command's options: 'livingner COMMAND --help' or 'livingner help COMMAND'."},
        subcommands = {CommandLine.HelpCommand.class, AnnotateCommand.class, EvaluateCommand.class,
                BaselineCommand.class, BenchCommand.class, BenchBatchCommand.class, AblationCommand.class,
                BuildTaxonomyCommand.class, CalibrateCommand.class, ConvertMbertCommand.class,
                GenerateDescriptorsCommand.class, ScoreTargetsCommand.class, ShrinkCommand.class, TeachCommand.class,
                TrainCommand.class,
                SparkCommandNote.class})
public final class LivingNerCli {

    public static void main(String[] args) {
        System.exit(commandLine(new LivingNerCli()).execute(args));
    }

    /**
     * A command line for {@code command} (this class, a subcommand alone, or the Spark command) with the
     * conventions above, for it and every subcommand it has.
     */
    public static CommandLine commandLine(Object command) {
        CommandLine cli = new CommandLine(command);
        cli.setParameterExceptionHandler(LivingNerCli::usageError);
        Deque<CommandLine> commands = new ArrayDeque<>(List.of(cli));
        while (!commands.isEmpty()) {
            CommandLine c = commands.pop();
            c.getCommandSpec().versionProvider(LivingNerCli::version);
            commands.addAll(c.getSubcommands().values());
        }
        return cli;
    }

    /**
     * A usage error in two lines: what was wrong (with picocli's suggestion for a mistyped name), and the help to
     * read; exit code 2 (picocli's for invalid input).
     */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        List<String> suggestions = e instanceof UnmatchedArgumentException unmatched ? unmatched.getSuggestions()
                : List.of();
        PrintWriter err = command.getErr();
        err.println(name + ": " + e.getMessage() + (suggestions.isEmpty() ? "" : " (did you mean "
                + (suggestions.size() == 1 ? suggestions.get(0) : String.join(", ",
                suggestions.subList(0, suggestions.size() - 1)) + " or " + suggestions.get(suggestions.size() - 1))
                + "?)"));
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return command.getExitCodeExceptionMapper() != null ? command.getExitCodeExceptionMapper().getExitCode(e)
                : command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** {@code livingner VERSION}, the version Maven built (filtered into version.properties): every command's. */
    private static String[] version() {
        Properties build = new Properties();
        try (InputStream in = LivingNerCli.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("org/livingner/cli/version.properties is missing from the class path;"
                        + " rebuild with mvn package");
            }
            build.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String[] {"livingner " + build.getProperty("version")};
    }
}
