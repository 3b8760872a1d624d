package org.collab4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.collab4j.options.CommonOptions;
import org.collab4j.data.Progress;

/**
 * Where a command's output goes. Human output (tables, lines) goes to stdout, or to stderr under
 * {@code --json}, where stdout carries exactly one JSON object. Progress bars appear only on a
 * terminal and never under {@code --quiet}.
 */
final class Console {
    final PrintWriter out;
    final PrintWriter err;
    final boolean json;
    final boolean quiet;
    private final boolean terminal;
    private ProgressBar bar;

    Console(PrintWriter out, PrintWriter err, CommonOptions common) {
        this.out = out;
        this.err = err;
        this.json = common.json;
        this.quiet = common.quiet;
        this.terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    /** The stream for human-readable output: stdout, or stderr under --json. */
    PrintWriter human() {
        return json ? err : out;
    }

    /** Prints a line of human-readable output (suppressed under --json --quiet). */
    void println(String line) {
        if (json && quiet) return;
        human().println(line);
        human().flush();
    }

    void printf(String fmt, Object... args) {
        println(String.format(Locale.ROOT, fmt, args));
    }

    /** A warning on stderr, whatever the output format (not under --quiet). */
    void warn(String line) {
        if (quiet) return;
        err.println("collab4j: warning: " + line);
        err.flush();
    }

    ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Prints the command's one JSON object on stdout, indented as Jackson's default pretty printer does. */
    void emit(ObjectNode node) {
        out.println(toJson(node));
        out.flush();
    }

    /**
     * The tree as indented JSON, written with a bare {@link JsonGenerator}: the same text as
     * {@code ObjectMapper} with {@code INDENT_OUTPUT}, without building an ObjectMapper (hundreds of
     * classes, a tenth of a second or more on a cold JVM, on every command).
     */
    static String toJson(JsonNode node) {
        java.io.StringWriter w = new java.io.StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            write(node, g);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void write(JsonNode n, JsonGenerator g) throws java.io.IOException {
        if (n.isObject()) {
            g.writeStartObject();
            for (var it = n.fields(); it.hasNext(); ) {
                var e = it.next();
                g.writeFieldName(e.getKey());
                write(e.getValue(), g);
            }
            g.writeEndObject();
        } else if (n.isArray()) {
            g.writeStartArray();
            for (JsonNode c : n) write(c, g);
            g.writeEndArray();
        } else if (n.isNull()) g.writeNull();
        else if (n.isBoolean()) g.writeBoolean(n.booleanValue());
        else if (n.isTextual()) g.writeString(n.textValue());
        else if (n.isInt() || n.isShort()) g.writeNumber(n.intValue());
        else if (n.isLong()) g.writeNumber(n.longValue());
        else if (n.isFloat()) g.writeNumber(n.floatValue());
        else if (n.isDouble()) g.writeNumber(n.doubleValue());
        else if (n.isBigInteger()) g.writeNumber(n.bigIntegerValue());
        else if (n.isBigDecimal()) g.writeNumber(n.decimalValue());
        else throw new IllegalArgumentException("cannot write a JSON " + n.getNodeType() + " node");
    }

    /**
     * Prints a record (or any value) as the command's one JSON object on stdout, with Jackson:
     * names as the record's annotations give them, non-finite numbers as null, indented as
     * {@link #emit(ObjectNode)}.
     */
    void emit(Object value) {
        try {
            out.println(Records.MAPPER.writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
        out.flush();
    }

    /**
     * Under {@code --json}, builds the ObjectMapper and its serializer for {@code type} on a
     * background thread while the command works, so that {@link #emit(Object)} finds them ready:
     * on a cold JVM they take a tenth of a second or more, which a short run would otherwise add
     * at its end. A failure here is left for {@code emit} to meet again and report.
     */
    void prepareJson(Class<?> type) {
        if (!json) return;
        Thread t = new Thread(() -> {
            try {
                Records.MAPPER.canSerialize(type);
            } catch (RuntimeException | LinkageError e) {
                // emit meets it again and says what is wrong
            }
        }, "collab4j-json");
        t.setDaemon(true);
        t.start();
    }

    /** The ObjectMapper for records, built on first use (commands that print trees never pay for it). */
    private static final class Records {
        static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                        .addSerializer(Double.class, new FiniteOrNull<>(Double.class))
                        .addSerializer(double.class, new FiniteOrNull<>(Double.class))
                        .addSerializer(Float.class, new FiniteOrNull<>(Float.class))
                        .addSerializer(float.class, new FiniteOrNull<>(Float.class)));
    }

    /** A double or float, or null when it is NaN or infinite (JSON has neither). */
    private static final class FiniteOrNull<T extends Number> extends com.fasterxml.jackson.databind.ser.std.StdSerializer<T> {
        FiniteOrNull(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(T v, JsonGenerator g, com.fasterxml.jackson.databind.SerializerProvider p) throws java.io.IOException {
            if (v instanceof Float f) {
                if (Float.isFinite(f)) g.writeNumber(f);
                else g.writeNull();
            } else if (Double.isFinite(v.doubleValue())) {
                g.writeNumber(v.doubleValue());
            } else {
                g.writeNull();
            }
        }
    }

    boolean showProgress() {
        return terminal && !quiet;
    }

    /** A progress bar of {@code max} steps, or null when not shown. */
    ProgressBar bar(String task, long max, String unit) {
        if (!showProgress()) return null;
        finishProgress();
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setUnit(unit.isEmpty() ? "" : " " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(100)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).clearDisplayOnFinish().continuousUpdate().build();
        return bar;
    }

    /** A byte-progress callback drawing a bar (MB), or a no-op when bars are not shown. */
    Progress bytesProgress(String task) {
        if (!showProgress()) return Progress.NONE;
        return new Progress() {
            ProgressBar b;

            @Override
            public void update(long done, long total) {
                if (b == null) b = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(1, total >> 20)).setUnit(" MB", 1)
                        .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
                b.stepTo(done >> 20);
                if (total > 0 && done >= total) b.close();
            }
        };
    }

    void finishProgress() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    /** A fixed-width table: header row, then rows, columns padded to their widest cell. */
    void table(List<String> header, List<List<String>> rows) {
        int[] w = new int[header.size()];
        for (int c = 0; c < w.length; c++) w[c] = header.get(c).length();
        for (List<String> r : rows) for (int c = 0; c < w.length; c++) w[c] = Math.max(w[c], r.get(c).length());
        println(row(header, w));
        for (List<String> r : rows) println(row(r, w));
    }

    private static String row(List<String> cells, int[] w) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) sb.append("  ");
            String s = cells.get(c);
            sb.append(s);
            if (c < cells.size() - 1) sb.append(" ".repeat(w[c] - s.length()));
        }
        return sb.toString();
    }

    /** fastai's time column: mm:ss, with hundredths when under a minute. */
    static String time(double seconds) {
        int m = (int) (seconds / 60);
        double s = seconds - 60 * m;
        return m > 0 ? String.format(Locale.ROOT, "%02d:%02d", m, (int) s) : String.format(Locale.ROOT, "00:%05.2f", s);
    }

    static String f(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
