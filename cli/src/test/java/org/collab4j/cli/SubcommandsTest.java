package org.collab4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.collab4j.cli.CliTest.run;

import java.util.List;
import java.util.regex.Pattern;

import org.collab4j.cli.CliTest.Run;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/** Which subcommands the command line is built with: only the one a run names, or all of them for help and errors. */
class SubcommandsTest {
    /** Every subcommand, in the order of the help listing. */
    static final List<String> ALL = List.of("datasets", "train", "evaluate", "recommend", "similar", "index", "shelves", "predict",
            "interpret", "lr-find", "export", "coldstart", "simulate", "onboard", "serve", "cv", "tune", "models", "spark", "help");

    private static CommandLine built(String... args) {
        return Main.commandLine(args);
    }

    @Test
    void aRunThatNamesACommandBuildsOnlyThatOne() {
        assertThat(built("train", "--data", "ml-100k", "--model", "dot-bias", "--optimizer", "sgd").getSubcommands()).containsOnlyKeys("train");
        assertThat(built("models").getSubcommands()).containsOnlyKeys("models");
        // a command's own subcommands come with it
        assertThat(built("datasets", "list").getSubcommands().get("datasets").getSubcommands()).containsOnlyKeys("list", "fetch");
    }

    @Test
    void anythingElseBuildsEveryCommandInTheOrderOfTheListing() {
        assertThat(Main.commandLine().getSubcommands().keySet()).containsExactlyElementsOf(ALL);
        for (String[] args : new String[][] {{}, {"--help"}, {"-h"}, {"help"}, {"help", "train"}, {"trian"}, {"Train"}, {"--json", "train"},
                {"--version", "train"}})
            assertThat(built(args).getSubcommands().keySet()).as(String.join(" ", args)).containsExactlyElementsOf(ALL);
    }

    @Test
    void versionAloneBuildsNoCommandAndPrintsTheVersion() {
        assertThat(built("--version").getSubcommands()).isEmpty();
        Run version = run("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("collab4j " + Main.version() + " (Java ").isEqualTo(run("-V").out());
    }

    @Test
    void aCommandBuiltAloneHasTheSettingsOfTheFullCommandLine() {
        CommandLine alone = built("train").getSubcommands().get("train");
        CommandLine inFull = Main.commandLine().getSubcommands().get("train");
        assertThat(alone.getHelpSectionMap()).containsKey(UsageMessageSpec.SECTION_KEY_FOOTER);
        assertThat(alone.getUsageMessage()).isEqualTo(inFull.getUsageMessage()).contains("--set");
        assertThat(alone.isCaseInsensitiveEnumValuesAllowed()).isTrue();
        // the strict number converters and the one-line usage errors
        Run bad = run("train", "--lr", "abc");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("collab4j: --lr takes a decimal number").contains("Try 'collab4j train --help' for the options.");
    }

    @Test
    void anUnknownCommandIsAnsweredWithTheNearestNames() {
        Run typo = run("trian", "--data", "x");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).isEqualTo(String.format("collab4j: Unmatched arguments from index 0: 'trian', '--data', 'x'%nDid you mean: collab4j train?%n"));
    }

    @Test
    void helpListsEveryCommandAndHelpOfACommandIsItsHelp() {
        Run help = run("--help");
        assertThat(help.code()).isZero();
        for (String name : ALL) assertThat(help.out()).as(name).containsPattern("(?m)^  " + Pattern.quote(name) + " ");
        Run helpTrain = run("help", "train");
        assertThat(helpTrain.code()).isZero();
        assertThat(helpTrain.out()).startsWith("Usage: collab4j train ").isEqualTo(run("train", "--help").out());
    }
}
