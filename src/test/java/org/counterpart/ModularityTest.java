package org.counterpart;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The architecture of design.md, checked: modules are the top-level packages, each reaches only its
 * own internals and the root packages (APIs) of the modules below it. The module documentation is
 * written into docs/modules so that the picture in the repository is always the one the code has.
 */
class ModularityTest {

    static final ApplicationModules MODULES = ApplicationModules.of(CounterpartApplication.class);

    @Test
    void modulesReachOnlyTheApisOfModulesTheyMayUse() {
        MODULES.verify();
    }

    /** Every package says in one line what it is for, so a newcomer finds where things go. */
    @Test
    void everyPackageHasAPackageInfoThatSaysWhatItIsFor() throws java.io.IOException {
        java.nio.file.Path root = java.nio.file.Path.of("src/main/java/org/counterpart");
        try (var dirs = java.nio.file.Files.walk(root)) {
            var missing = dirs.filter(java.nio.file.Files::isDirectory)
                    .filter(d -> {
                        java.nio.file.Path info = d.resolve("package-info.java");
                        try {
                            return !java.nio.file.Files.exists(info) || !java.nio.file.Files.readString(info).contains("/**");
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(root::relativize).map(java.nio.file.Path::toString).toList();
            org.assertj.core.api.Assertions.assertThat(missing).as("packages without a package-info.java comment").isEmpty();
        }
    }

    @Test
    void moduleDocumentationIsWrittenIntoDocs() {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules"))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
    }
}
