package org.livingner.uima;

import org.apache.uima.fit.factory.TypeSystemDescriptionFactory;
import org.apache.uima.resource.metadata.TypeDescription;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a Maven project that depends only on {@code org.livingner:livingner-uima} gets on its run-time class path
 * (the embedded model, no logging binding, no command line, Spark, training, benchmark or Ruta code), and that its
 * CASes carry only the types of that class path. {@link DefaultModelTest} runs the default pipeline on it.
 */
class LibraryClassPathTest {

    /** Written by the dependency plugin at build time: this module's run-time dependencies. */
    private static final Path RUNTIME_CLASSPATH = Path.of("livingner-uima/target/classpath-runtime.txt");

    /** Jar file names; a module of this build that is not packaged yet appears as MODULE/target/classes. */
    private static List<String> jarNames() throws IOException {
        return Arrays.stream(Files.readString(RUNTIME_CLASSPATH).strip().split(":")).map(Path::of)
                .map(entry -> entry.endsWith(Path.of("target", "classes"))
                        ? entry.getParent().getParent().getFileName() + "-0-classes"
                        : entry.getFileName().toString())
                .toList();
    }

    @Test
    void theRunTimeClassPathHasTheModelAndNothingAUserDidNotAskFor() throws IOException {
        List<String> jars = jarNames();
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("livingner-model-default-")), jars.toString());
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("slf4j-api-")), jars.toString());
        Pattern unwanted = Pattern.compile("(slf4j-simple|logback-classic|log4j-slf4j.*|slf4j-reload4j|slf4j-jdk14"
                + "|picocli|spark-.*|ruta-.*|livingner-(cli|train|convert|spark|ruta|ctakes))-\\d.*");
        List<String> found = jars.stream().filter(j -> unwanted.matcher(j).matches()).toList();
        assertEquals(List.of(), found, "a library user would get these on the class path");
    }

    @Test
    void casTypesAreOursAndDkprosWithoutRuta() throws Exception {
        List<String> types = Arrays.stream(TypeSystemDescriptionFactory.createTypeSystemDescription().getTypes())
                .map(TypeDescription::getName).toList();
        assertTrue(types.contains("org.livingner.type.Species"), types.toString());
        assertTrue(types.contains("de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence"), types.toString());
        assertEquals(List.of(), types.stream().filter(t -> t.startsWith("org.apache.uima.ruta.")).toList());
    }
}
