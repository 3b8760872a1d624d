package org.collab4j.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.collab4j.train.ModelTrainer;
import org.collab4j.train.TrainConfig;
import org.collab4j.train.Trainers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code collab4j models}: the models that can be trained, their defaults and their own options. */
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
        for (String name : Trainers.names()) {
            ModelTrainer t = Trainers.get(name);
            TrainConfig d = t.defaults();
            Map<String, String> own = t.options();
            ObjectNode m = arr.addObject();
            m.put("name", name);
            m.put("description", t.description());
            ObjectNode defs = m.putObject("defaults");
            defs.put("factors", d.factors());
            defs.put("epochs", d.epochs());
            defs.put("lr", d.lr());
            defs.put("wd", d.wd());
            ObjectNode opts = m.putObject("options");
            if (own != null) own.forEach(opts::put);
            console.println(name + ": " + t.description());
            console.printf("    defaults: --factors %d --epochs %d --lr %s --wd %s", d.factors(), d.epochs(), d.lr(), d.wd());
            if (own != null) own.forEach((k, v) -> console.printf("    --set %s=...  %s", k, v));
        }
        if (common.json) console.emit(o);
        return 0;
    }
}
