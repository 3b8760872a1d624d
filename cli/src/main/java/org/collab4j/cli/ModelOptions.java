package org.collab4j.cli;

import java.io.IOException;
import java.nio.file.Path;

import org.collab4j.io.ModelFile;
import org.collab4j.model.TrainedModel;
import picocli.CommandLine.Option;

/** The saved model a command works from. */
final class ModelOptions {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model file written by 'train --out'.")
    Path model;

    TrainedModel load() throws IOException {
        return ModelFile.read(model);
    }
}
