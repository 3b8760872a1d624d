package org.collab4j.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that works from a saved model (evaluate, predict, interpret, export, shelves,
 * onboard): {@code --model FILE} first in its help; a command adds its own options.
 */
abstract class SavedModelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions = new ModelOptions();
}
