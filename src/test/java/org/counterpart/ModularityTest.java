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

    @Test
    void moduleDocumentationIsWrittenIntoDocs() {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules"))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
    }
}
