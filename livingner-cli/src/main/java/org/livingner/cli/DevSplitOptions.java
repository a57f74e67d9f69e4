package org.livingner.cli;

import org.livingner.corpus.DevSplit;
import picocli.CommandLine.Option;

/**
 * {@code [--dev-fraction F] [--seed N]} of {@code --dev-split}: score only the dev part of IOB2 gold, the sentences the trainer
 * holds out ({@link DevSplit} over the file's sentences, same fraction and seed), so dev scores can be reproduced.
 */
final class DevSplitOptions {

    @Option(names = "--dev-fraction", paramLabel = "F", defaultValue = "0.1",
            description = "With --dev-split: share of each file's sentences held out as dev (default: ${DEFAULT-VALUE}).")
    double devFraction = DevSplit.DEFAULT_DEV_FRACTION;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "With --dev-split: seed of the split (default: ${DEFAULT-VALUE}).")
    long seed = DevSplit.DEFAULT_SEED;

    /** What the IOB2 reader is told: the dev part, or everything. */
    Inputs.Iob2Part part(boolean devSplit) {
        if (devSplit && !(devFraction > 0 && devFraction < 1)) {
            throw new IllegalArgumentException("--dev-fraction must be between 0 and 1 (exclusive), found " + devFraction);
        }
        return devSplit ? new Inputs.Iob2Part("dev", devFraction, seed, false) : Inputs.Iob2Part.ALL;
    }

    String describe(boolean devSplit) {
        return devSplit ? String.format(java.util.Locale.ROOT, "dev split (fraction %s, seed %d)", devFraction, seed)
                : "all sentences";
    }
}
