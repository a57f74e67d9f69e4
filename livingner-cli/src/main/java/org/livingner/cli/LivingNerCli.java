package org.livingner.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code livingner} command: annotate, evaluate, train, convert-mbert, bench. */
@Command(name = "livingner", mixinStandardHelpOptions = true, version = "livingner 0.1.0",
        description = "Finds HUMAN and SPECIES mentions (LivingNER 2022) in Spanish clinical text.",
        subcommands = {CommandLine.HelpCommand.class, AnnotateCommand.class, EvaluateCommand.class,
                BaselineCommand.class, BenchCommand.class, BenchBatchCommand.class, AblationCommand.class,
                ConvertMbertCommand.class, GenerateDescriptorsCommand.class, ShrinkCommand.class, TrainCommand.class})
public final class LivingNerCli {

    public static void main(String[] args) {
        System.exit(new CommandLine(new LivingNerCli()).execute(args));
    }
}
