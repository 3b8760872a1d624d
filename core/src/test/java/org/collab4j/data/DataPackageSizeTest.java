package org.collab4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The loaders stay in files a reader can take in at once: none passes 500 lines. */
class DataPackageSizeTest {
    @Test
    void everySourceFileOfTheDataPackageIsUnder500Lines() throws Exception {
        // target/test-classes -> src/main/java, wherever the build runs from
        Path classes = Path.of(DataPackageSizeTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = classes.getParent().getParent().resolve("src/main/java/org/collab4j/data");
        assertThat(dir).isDirectory();
        try (Stream<Path> files = Files.list(dir)) {
            List<String> tooLong = files.filter(p -> p.toString().endsWith(".java")).filter(p -> lines(p) >= 500)
                    .map(p -> p.getFileName() + " (" + lines(p) + " lines)").toList();
            assertThat(tooLong).isEmpty();
        }
    }

    private static long lines(Path p) {
        try (Stream<String> s = Files.lines(p)) {
            return s.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
