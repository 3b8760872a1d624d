package org.collab4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.collab4j.options.CommonOptions;
import org.collab4j.data.DatasetRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code collab4j datasets list|fetch}. */
@Command(name = "datasets", mixinStandardHelpOptions = true, description = "Known data sets: list them, or download one.",
        subcommands = {DatasetsCommand.ListCommand.class, DatasetsCommand.FetchCommand.class})
final class DatasetsCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "use 'datasets list' or 'datasets fetch NAME'");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show the known data sets and which are present.")
    static final class ListCommand implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder of data sets (default: $COLLAB4J_DATA, else ~/.collab4j/data).")
        Path dataDir;

        @Mixin
        CommonOptions common = new CommonOptions();

        @Override
        public Integer call() {
            Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
            Path dir = DatasetRegistry.defaultDataDir(dataDir);
            var entries = new DatasetRegistry().list(dir);
            if (console.json) {
                ObjectNode o = console.object();
                o.put("data_dir", dir.toString());
                ArrayNode arr = o.putArray("datasets");
                for (var e : entries) {
                    ObjectNode d = arr.addObject();
                    d.put("name", e.name());
                    d.put("path", e.path().toString());
                    d.put("present", e.present());
                    d.put("url", e.url().toString());
                    if (e.expectedRatings() != null) d.put("rows", e.expectedRatings());
                }
                console.emit(o);
                return 0;
            }
            console.println("data folder: " + dir);
            java.util.List<java.util.List<String>> rows = new java.util.ArrayList<>();
            for (var e : entries)
                rows.add(java.util.List.of(e.name(), e.present() ? "present" : "missing", e.expectedRatings() == null ? "?" : String.format("%,d", e.expectedRatings()), e.url().toString()));
            console.table(java.util.List.of("name", "status", "ratings", "source"), rows);
            return 0;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true, description = "Download a known data set, verify its checksum and unpack it.")
    static final class FetchCommand implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "ml-100k, ml-1m, ml-10m, ml-20m, ml-25m, ml-latest-small or ml-latest.")
        String name;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder of data sets (default: $COLLAB4J_DATA, else ~/.collab4j/data).")
        Path dataDir;

        @Mixin
        CommonOptions common = new CommonOptions();

        @Override
        public Integer call() throws Exception {
            Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
            Path dir = DatasetRegistry.defaultDataDir(dataDir);
            Path p = new DatasetRegistry().fetch(name, dir, console.bytesProgress("download " + name));
            console.finishProgress();
            if (console.json) {
                ObjectNode o = console.object();
                o.put("name", name);
                o.put("path", p.toString());
                o.put("present", true);
                console.emit(o);
            } else {
                console.println(name + " is in " + p);
            }
            return 0;
        }
    }
}
