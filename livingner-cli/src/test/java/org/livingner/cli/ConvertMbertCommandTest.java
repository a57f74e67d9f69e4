package org.livingner.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvertMbertCommandTest {

    @TempDir
    Path tmp;

    @Test
    void jarWithoutAModelFailsWithANonZeroExitNamingTheJar() throws IOException {
        Path jar = tmp.resolve("not-bert.jar");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
            z.putNextEntry(new ZipEntry("README"));
            z.write("nothing".getBytes());
        }
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new LivingNerCli());
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("convert-mbert", "--jar", jar.toString(), "-o", tmp.resolve("out").toString());
        assertNotEquals(0, code);
        assertTrue(err.toString().contains(jar.toString()), err.toString());
        assertFalse(Files.exists(tmp.resolve("out").resolve("model.safetensors")));
    }

    @Test
    void helpListsTheOutputOption() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new LivingNerCli());
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("convert-mbert", "--help"));
        assertTrue(out.toString().contains("--output=DIR"), out.toString());
    }
}
