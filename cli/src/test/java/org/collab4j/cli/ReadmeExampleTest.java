package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java example in the README compiles and runs as printed there. */
class ReadmeExampleTest {
    @Test
    void readmeJavaExampleCompilesAndRuns(@TempDir Path tmp) throws Exception {
        String d = System.getenv("COLLAB4J_DATA");
        assumeTrue(d != null && Files.isDirectory(Path.of(d, "ml-100k")), "COLLAB4J_DATA with ml-100k is needed");
        Path readme = Path.of("README.md");
        if (!Files.exists(readme)) readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        Matcher m = Pattern.compile("<!-- readme-example -->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertThat(m.find()).as("README has a java block after <!-- readme-example -->").isTrue();
        String source = m.group(1);
        Matcher cls = Pattern.compile("public class (\\w+)").matcher(source);
        assertThat(cls.find()).isTrue();
        Path file = tmp.resolve(cls.group(1) + ".java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diag = new ByteArrayOutputStream();
        int rc = javac.run(null, diag, diag, "-d", tmp.toString(), "-cp", System.getProperty("java.class.path"), file.toString());
        assertThat(rc).as(diag.toString(StandardCharsets.UTF_8)).isZero();
        PrintStream old = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            loader.loadClass(cls.group(1)).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(old);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(11);
        assertThat(lines.get(0)).matches("valid RMSE 0\\.\\d+");
        double rmse = Double.parseDouble(lines.get(0).substring("valid RMSE ".length()));
        assertThat(rmse).isBetween(0.85, 0.915);
    }
}
