package org.collab4j.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that trains models (train, cv, tune, lr-find, coldstart, simulate): where the data
 * comes from and the training options, first in its help, in that order; a command adds its own.
 */
abstract class TrainingCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions dataOptions = new DataOptions();

    @Mixin
    TrainOptions trainOptions = new TrainOptions();
}
