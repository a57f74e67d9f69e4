package org.livingner.uima;

import org.livingner.uima.internal.SharedModels;

import org.apache.uima.UIMAFramework;
import org.apache.uima.cas.CAS;
import org.apache.uima.collection.CollectionProcessingEngine;
import org.apache.uima.collection.EntityProcessStatus;
import org.apache.uima.collection.StatusCallbackListener;
import org.apache.uima.collection.metadata.CpeDescription;
import org.apache.uima.util.XMLInputSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livingner.uima.io.ClinicalTextGenerator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed desc/LivingNerCpe.xml runs as a UIMA CPE: 2 threads, one model load, an XMI per document. */
class CpeDescriptorRunTest {

    @Test
    void theCommittedCpeDescriptorAnnotatesEveryDocumentWithOneModel(@TempDir Path tmp) throws Exception {
        Path input = Files.createDirectories(tmp.resolve("in"));
        ClinicalTextGenerator generator = new ClinicalTextGenerator(11);
        for (int i = 0; i < 12; i++) {
            Files.writeString(input.resolve(String.format("doc_%02d.txt", i)), generator.document(i),
                    StandardCharsets.UTF_8);
        }
        Path output = tmp.resolve("out");
        Path model = Files.createDirectories(tmp.resolve("model"));
        try (Stream<Path> files = Files.list(Fixtures.TINY_BERT)) {
            for (Path f : files.toList()) {
                Files.copy(f, model.resolve(f.getFileName()));
            }
        }
        // what a user edits in the copied descriptors: input, output and model locations
        Path desc = Files.createDirectories(tmp.resolve("desc"));
        try (Stream<Path> files = Files.list(Path.of(DescriptorGenerator.SOURCE_DIR))) {
            for (Path f : files.toList()) {
                String xml = Files.readString(f, StandardCharsets.UTF_8)
                        .replace("<string>" + DescriptorGenerator.INPUT + "</string>", "<string>" + input + "</string>")
                        .replace("<string>" + DescriptorGenerator.OUTPUT + "</string>", "<string>" + output + "</string>")
                        .replace("<parameter name=\"modelLocation\" value=\"default\"/>",
                                "<parameter name=\"modelLocation\" value=\"" + model + "\"/>");
                Files.writeString(desc.resolve(f.getFileName()), xml, StandardCharsets.UTF_8);
            }
        }
        CpeDescription description = UIMAFramework.getXMLParser().parseCpeDescription(
                new XMLInputSource(desc.resolve(DescriptorGenerator.CPE).toFile()));
        int loadsBefore = SharedModels.loadCount();
        CollectionProcessingEngine cpe = UIMAFramework.produceCollectionProcessingEngine(description);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger processed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        cpe.addStatusCallbackListener(new StatusCallbackListener() {
            @Override
            public void entityProcessComplete(CAS cas, EntityProcessStatus status) {
                (status.isException() ? failed : processed).incrementAndGet();
                if (status.isException()) {
                    problems.add(status.getExceptions().toString());
                }
            }

            @Override
            public void collectionProcessComplete() {
                finished.countDown();
            }

            @Override
            public void aborted() {
                finished.countDown();
            }

            @Override
            public void initializationComplete() {
            }

            @Override
            public void batchProcessComplete() {
            }

            @Override
            public void paused() {
            }

            @Override
            public void resumed() {
            }
        });
        cpe.process();
        assertTrue(finished.await(120, TimeUnit.SECONDS), "CPE finished");
        assertEquals(0, failed.get(), problems.toString());
        assertEquals(12, processed.get());
        assertEquals(1, SharedModels.loadCount() - loadsBefore, "two CPE threads, one model");
        List<String> xmi;
        try (Stream<Path> files = Files.list(output)) {
            xmi = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xmi")).sorted().toList();
        }
        assertEquals(12, xmi.size(), xmi.toString());
        String first = Files.readString(output.resolve("doc_00.xmi"), StandardCharsets.UTF_8);
        assertTrue(Pattern.compile("<type\\d*:(Human|Species) ").matcher(first).find()
                && first.contains("http:///org/livingner/type.ecore"), "LivingNER mentions in the XMI");
    }
}
