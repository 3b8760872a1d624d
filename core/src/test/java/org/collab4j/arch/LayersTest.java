package org.collab4j.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.ArrayList;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of core, from the ground up. A package may use its own layer and the ones below it,
 * never one above; algorithms never use each other; and no two packages depend on each other in
 * a circle. The facade is the root package {@code org.collab4j} and {@code org.collab4j.api}.
 */
class LayersTest {
    /** Bottom to top; each entry is a layer's packages. */
    static final List<String[]> LAYERS = List.of(
            new String[] {"org.collab4j.kernel.."},
            new String[] {"org.collab4j.data.."},
            new String[] {"org.collab4j.features.."},
            new String[] {"org.collab4j.model.."},
            new String[] {"org.collab4j.train.."},
            new String[] {"org.collab4j.nn.."},
            new String[] {"org.collab4j.io.."},
            new String[] {"org.collab4j.algo.."},
            new String[] {"org.collab4j.eval.."},
            new String[] {"org.collab4j.recommend.."},
            new String[] {"org.collab4j.interpret..", "org.collab4j.shelves.."},
            new String[] {"org.collab4j.experiment.."},
            new String[] {"org.collab4j", "org.collab4j.api.."});

    static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.collab4j");
    }

    @Test
    void noLayerUsesOneAboveIt() {
        List<String> failures = new ArrayList<>();
        for (int l = 0; l < LAYERS.size() - 1; l++) {
            List<String> above = new ArrayList<>();
            for (int h = l + 1; h < LAYERS.size(); h++) above.addAll(List.of(LAYERS.get(h)));
            noClasses().that().resideInAnyPackage(LAYERS.get(l))
                    .should().dependOnClassesThat().resideInAnyPackage(above.toArray(String[]::new))
                    .because("layer " + String.join(", ", LAYERS.get(l)) + " sits below " + above)
                    .evaluate(core).handleViolations((objects, message) -> failures.add(message));
        }
        org.assertj.core.api.Assertions.assertThat(failures).as("dependencies on a higher layer").isEmpty();
    }

    @Test
    void algorithmsDoNotUseEachOther() {
        slices().matching("org.collab4j.algo.(*)..").should().notDependOnEachOther().check(core);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.collab4j.(**)").should().beFreeOfCycles().check(core);
    }

    @Test
    void coreNeverPrintsOrExits() {
        noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .orShould().callMethod(System.class, "exit", int.class)
                .because("core is a library: what the CLI prints comes through callbacks or return values")
                .check(core);
    }
}
