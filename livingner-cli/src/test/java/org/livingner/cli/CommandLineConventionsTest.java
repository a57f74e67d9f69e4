package org.livingner.cli;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import picocli.CommandLine;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code livingner} answers to the usual habits: --help, COMMAND --help, --version, a mistyped option. */
class CommandLineConventionsTest {

    private record Run(int exit, String out, String err) {
    }

    /** {@code livingner ARGS}, as bin/livingner runs it. */
    private static Run livingner(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LivingNerCli.commandLine(new LivingNerCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aUsageErrorIsTwoLinesSayingWhatWasWrongAndWhereToLookWithExitCodeTwo() {
        String[][] mistakes = {
                {"annotate", "--bogus", "x", "Unknown option: '--bogus'"},
                {"annotate", "Missing required parameter: 'IN'"},
                {"annotate", "--threads", "0", "x", "--threads must be at least 1, found 0"},
                {"annotate", "--format", "html", "x", "--format html writes files (one per document): give -o DIR"},
                {"annotate", "--format", "pdf", "x", "Invalid value for option '--format'"},
                {"annotate", "--encoding", "latin-9000", "x", "Invalid value for option '--encoding'"},
                {"annotate", "-", "-", "- (standard input) can be given once"},
                {"evaluate", "Missing required option: '--gold=FILE.iob2|DIR'"},
                {"evaluate", "--gold", "g.iob2", "--compare", "default", "--predictions", "p",
                        "--predictions keeps one model's predictions"},
                {"anotate", "x", "(did you mean annotate"}};
        for (String[] mistake : mistakes) {
            String[] args = Arrays.copyOf(mistake, mistake.length - 1);
            String expected = mistake[mistake.length - 1];
            Run run = livingner(args);
            String command = args[0].equals("anotate") ? "livingner" : "livingner " + args[0];
            List<String> lines = run.err().lines().toList();
            assertEquals(2, run.exit(), String.join(" ", args) + ": " + run.err());
            assertEquals(2, lines.size(), String.join(" ", args) + ": " + run.err());
            assertTrue(lines.get(0).startsWith(command + ": ") && lines.get(0).contains(expected),
                    String.join(" ", args) + ": " + lines.get(0));
            assertEquals("Try '" + command + " --help' for more information.", lines.get(1));
            assertEquals("", run.out(), "nothing on standard output");
        }
    }

    /** {@code --help}: every command, spark too, each on one line; {@code COMMAND --help}: its details. */
    @Test
    void helpListsEveryCommandOnOneLineAndCommandHelpGivesTheDetails() {
        Run help = livingner("--help");
        assertEquals(0, help.exit(), help.err());
        List<String> lines = help.out().lines().toList();
        int at = lines.indexOf("Commands:");
        assertTrue(at > 0, help.out());
        Set<String> listed = new TreeSet<>();
        Pattern entry = Pattern.compile(" {2}(\\S+) +(\\S.*)");
        for (String line : lines.subList(at + 1, lines.size())) {
            if (line.isEmpty()) {
                break;
            }
            Matcher m = entry.matcher(line);
            assertTrue(m.matches(), "a command's summary runs onto a second line: '" + line + "'");
            listed.add(m.group(1));
        }
        Set<String> commands = new TreeSet<>(LivingNerCli.commandLine(new LivingNerCli()).getSubcommands().keySet());
        assertTrue(commands.contains("spark"), commands.toString());
        assertEquals(commands, listed);

        Run annotate = livingner("annotate", "--help");
        assertEquals(0, annotate.exit());
        assertTrue(annotate.out().startsWith("Usage: livingner annotate "), annotate.out());
        for (String detail : List.of("Finds HUMAN and SPECIES mentions", "- (standard input", "Exit code:",
                "--encoding=CHARSET", "--format=FORMAT", "jsonl", "html", "-o, --output=OUT")) {
            assertTrue(annotate.out().contains(detail), detail + " not in annotate --help:\n" + annotate.out());
        }
        Run viaHelp = livingner("help", "evaluate");
        assertTrue(viaHelp.out().contains("--json=FILE") && viaHelp.out().contains("--predictions=DIR"), viaHelp.out());
    }

    @Test
    void versionIsTheVersionMavenBuilt() throws Exception {
        String built = parentVersion();
        assertTrue(built.matches("\\d+\\.\\d+\\.\\d+.*"), built);
        for (String[] args : List.of(new String[] {"--version"}, new String[] {"annotate", "--version"})) {
            Run run = livingner(args);
            assertEquals(0, run.exit());
            assertEquals("livingner " + built + "\n", run.out(), String.join(" ", args));
        }
    }

    /** {@code <parent><version>} of livingner-cli/pom.xml: the version every module is built with. */
    private static String parentVersion() throws Exception {
        Element parent = (Element) DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("livingner-cli/pom.xml").toFile()).getElementsByTagName("parent").item(0);
        return parent.getElementsByTagName("version").item(0).getTextContent().strip();
    }

    /** Spark runs in a JVM of its own: run here, spark says how to start it, and fails. */
    @Test
    void sparkSaysHowToStartIt() {
        List<Run> runs = new ArrayList<>();
        runs.add(livingner("spark", "in/", "-o", "out/"));
        runs.add(livingner("spark", "--help"));
        for (Run run : runs) {
            assertEquals(2, run.exit());
            assertTrue(run.err().contains("bin/livingner spark") && run.err().contains("SparkCommand"), run.err());
        }
    }
}
