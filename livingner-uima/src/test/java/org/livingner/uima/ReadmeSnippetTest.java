package org.livingner.uima;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** README's library examples compile as a user would paste them: their imports, then their statements. */
class ReadmeSnippetTest {

    @ParameterizedTest
    @ValueSource(strings = {"### In one call", "### In a uimaFIT pipeline"})
    void theSnippetCompilesWithItsImports(String heading, @TempDir Path tmp) throws Exception {
        List<String> readme = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
        int at = readme.indexOf(heading);
        assertTrue(at >= 0, "README.md has no heading '" + heading + "'");
        int start = at;
        while (!readme.get(start).equals("```java")) {
            start++;
        }
        int end = start + 1;
        while (!readme.get(end).equals("```")) {
            end++;
        }
        List<String> snippet = readme.subList(start + 1, end);
        String imports = snippet.stream().filter(l -> l.startsWith("import ")).collect(Collectors.joining("\n"));
        String statements = snippet.stream().filter(l -> !l.startsWith("import ")).collect(Collectors.joining("\n"));
        assertTrue(!imports.isEmpty(), "the snippet gives its imports");
        Path source = tmp.resolve("Snippet.java");
        Files.writeString(source, imports + "\n\nclass Snippet {\n    static void run() throws Exception {\n"
                + statements + "\n    }\n}\n", StandardCharsets.UTF_8);

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null,
                StandardCharsets.UTF_8)) {
            boolean compiled = compiler.getTask(null, files, diagnostics, List.of("-d", tmp.toString(),
                    "-classpath", System.getProperty("java.class.path"), "-proc:none"), null,
                    files.getJavaFileObjects(source)).call();
            String errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(null))
                    .collect(Collectors.joining("\n"));
            assertTrue(compiled, "README's snippet does not compile:\n" + errors + "\n" + Files.readString(source));
        }
    }
}
