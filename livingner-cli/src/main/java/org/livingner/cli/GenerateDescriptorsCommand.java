package org.livingner.cli;

import org.livingner.uima.DescriptorGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code livingner generate-descriptors [DIR]}: rewrites the UIMA XML descriptors from the code. */
@Command(name = "generate-descriptors", mixinStandardHelpOptions = true,
        description = {"Writes the UIMA XML descriptors from the code.",
                "The engine, the aggregate, the reader, the writer and the CPE, into DIR."})
public final class GenerateDescriptorsCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "DIR", defaultValue = DescriptorGenerator.SOURCE_DIR,
            description = "Where to write them (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        DescriptorGenerator.generate(dir);
        System.err.println("wrote " + DescriptorGenerator.descriptors().size() + " descriptors to " + dir);
        return 0;
    }
}
