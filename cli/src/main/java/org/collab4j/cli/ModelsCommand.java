package org.collab4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.collab4j.options.CommonOptions;
import org.collab4j.train.Algorithm;
import org.collab4j.train.Algorithms;
import org.collab4j.train.OptionSpec;
import org.collab4j.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code collab4j models}: the models that can be trained, their defaults and their own options, from each algorithm's specs. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models 'train', 'cv' and 'tune' accept, with their defaults and their own --set options.")
final class ModelsCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Override
    public Integer call() {
        Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common);
        ObjectNode o = console.object();
        ArrayNode arr = o.putArray("models");
        for (Algorithm a : Algorithms.all()) {
            TrainConfig d = a.defaults();
            ObjectNode m = arr.addObject();
            m.put("name", a.name());
            m.put("description", a.description());
            ObjectNode defs = m.putObject("defaults");
            defs.put("factors", d.factors());
            defs.put("epochs", d.epochs());
            defs.put("lr", d.lr());
            defs.put("wd", d.wd());
            ObjectNode opts = m.putObject("options");
            for (OptionSpec s : a.options()) {
                ObjectNode j = opts.putObject(s.key());
                j.put("kind", s.kind().name().toLowerCase(Locale.ROOT));
                if (s.element() != null) j.put("element", s.element().name().toLowerCase(Locale.ROOT));
                j.put("type", s.type());
                if (s.defaultValue() != null) j.put("default", s.defaultValue());
                else j.putNull("default");
                if (!s.choices().isEmpty()) s.choices().forEach(j.putArray("choices")::add);
                j.put("description", s.description());
                if (!s.aliases().isEmpty()) s.aliases().forEach(j.putArray("formerly")::add);
            }
            console.println(a.name() + ": " + a.description());
            console.printf("    defaults: --factors %d --epochs %d --lr %s --wd %s", d.factors(), d.epochs(), d.lr(), d.wd());
            for (String line : optionLines(a)) console.println(line);
        }
        if (common.json) console.emit(o);
        return 0;
    }

    /** One line per option: {@code --set KEY=DEFAULT} ({@code ...} when derived), its type, what it does. */
    static List<String> optionLines(Algorithm a) {
        List<String> sets = new ArrayList<>();
        int w = 0, t = 0;
        for (OptionSpec s : a.options()) {
            String set = "--set " + s.key() + "=" + (s.defaultValue() != null ? s.defaultValue() : "...");
            sets.add(set);
            w = Math.max(w, set.length());
            t = Math.max(t, s.type().length());
        }
        List<String> lines = new ArrayList<>();
        for (int j = 0; j < sets.size(); j++) {
            OptionSpec s = a.options().get(j);
            String note = s.aliases().isEmpty() ? "" : " (formerly " + String.join(", ", s.aliases()) + ")";
            lines.add(String.format(Locale.ROOT, "    %-" + w + "s  %-" + t + "s  %s%s", sets.get(j), s.type(), s.description(), note));
        }
        return lines;
    }

    /**
     * Each model's option keys, for the {@code --help} of the commands that train (the footer,
     * rendered only when help is shown).
     */
    static String optionKeys() {
        StringBuilder sb = new StringBuilder("Model options (--set KEY=VALUE; 'collab4j models' shows their types, defaults and meaning):")
                .append(System.lineSeparator());
        int w = 0;
        for (String name : Algorithms.names()) w = Math.max(w, name.length());
        for (Algorithm a : Algorithms.all()) {
            List<String> keys = new ArrayList<>();
            for (OptionSpec s : a.options()) keys.add(s.key());
            String head = String.format(Locale.ROOT, "  %-" + w + "s  ", a.name());
            sb.append(wrap(head, keys.isEmpty() ? "(none)" : String.join(", ", keys), 80));
        }
        return sb.toString();
    }

    /** {@code text} after {@code head}, wrapped at {@code width} columns with continuation lines under the text. */
    static String wrap(String head, String text, int width) {
        StringBuilder sb = new StringBuilder(head);
        int col = head.length();
        String indent = " ".repeat(head.length());
        for (String word : text.split(" ")) {
            if (col > head.length() && col + 1 + word.length() > width) {
                sb.append(System.lineSeparator()).append(indent);
                col = head.length();
            } else if (col > head.length()) {
                sb.append(' ');
                col++;
            }
            sb.append(word);
            col += word.length();
        }
        return sb.append(System.lineSeparator()).toString();
    }
}
