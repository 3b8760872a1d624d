package org.collab4j.options;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where the option groups sit: above core, below the command line and the Spark job, which both
 * use them. They use core, picocli and the JDK only, and leave the streams to the command.
 */
class OptionsLayerTest {
    static JavaClasses options;

    @BeforeAll
    static void importOptions() {
        options = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.collab4j.options");
    }

    @Test
    void usesCorePicocliAndTheJdkOnly() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("org.collab4j.options..", "org.collab4j.data..",
                "org.collab4j.train..", "picocli..", "java..")
                .because("the option groups are shared by the command line and the Spark job: core's data and training API, and picocli")
                .check(options);
    }

    @Test
    void neverPrintsToTheProcessStreamsOrExits() {
        noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .orShould().callMethod(System.class, "exit", int.class)
                .because("the command that mixes the options in owns the streams (its CommandLine's out and err)")
                .check(options);
    }
}
