package io.ams.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The dependency rules of docs/ARCHITECTURE.md, checked on the compiled engine library (tests
 * excluded). Data flows one way: the foundations (core, space, codec, store, data, natives,
 * surrogate, nn, pareto) know nothing of the search; the Objective/Evaluator contracts know no model;
 * models plug into the contracts; genome-file assembly sits on top of all of them.
 */
@AnalyzeClasses(packages = "io.ams", importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class LayeringTest {
    private static final String[] ABOVE_FOUNDATIONS = {"io.ams.engine..", "io.ams.eval..", "io.ams.models..",
            "io.ams.genome..", "io.ams.report..", "io.ams.cli.."};

    @ArchTest
    static final ArchRule coreIsALeaf = noClasses().that().resideInAPackage("io.ams.core..")
            .should().dependOnClassesThat().resideOutsideOfPackages("io.ams.core..", "java..")
            .because("core holds the value types every layer shares");

    @ArchTest
    static final ArchRule foundationsNeverImportTheSearch = noClasses()
            .that().resideInAnyPackage("io.ams.core..", "io.ams.space..", "io.ams.codec..", "io.ams.store..",
                    "io.ams.data..", "io.ams.natives..", "io.ams.surrogate..", "io.ams.nn..", "io.ams.pareto..")
            .should().dependOnClassesThat().resideInAnyPackage(ABOVE_FOUNDATIONS)
            .because("space, store, data, natives, surrogate and pareto never import engine (docs/ARCHITECTURE.md)");

    @ArchTest
    static final ArchRule paretoIsPureMath = noClasses().that().resideInAPackage("io.ams.pareto..")
            .should().dependOnClassesThat()
            .resideOutsideOfPackages("io.ams.pareto..", "io.ams.core..", "io.jenetics..", "java..")
            .because("the Pareto math (dominance, sorting, hypervolume) is shared by strategies and results: "
                    + "it knows Direction and Jenetics only");

    @ArchTest
    static final ArchRule contractsImportNoModel = noClasses().that().resideInAPackage("io.ams.eval..")
            .should().dependOnClassesThat().resideInAnyPackage("io.ams.models..", "io.ams.nn..", "io.ams.data..",
                    "io.ams.natives..", "io.ams.engine..", "io.ams.genome..")
            .because("eval holds the Objective/Evaluator contracts; models depend on it, never the reverse");

    @ArchTest
    static final ArchRule engineKnowsNoModelNorGenome = noClasses().that().resideInAPackage("io.ams.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("io.ams.models..", "io.ams.nn..", "io.ams.data..",
                    "io.ams.natives..", "io.ams.genome..")
            .because("the engine runs any objective; genome files are assembled above it");

    @ArchTest
    static final ArchRule modelsDoNotDriveTheSearch = noClasses().that().resideInAPackage("io.ams.models..")
            .should().dependOnClassesThat().resideInAnyPackage("io.ams.engine..", "io.ams.genome..");

    @ArchTest
    static final ArchRule nothingThatRunsAStudyReadsTheReport = noClasses()
            .that().resideInAnyPackage("io.ams.engine..", "io.ams.eval..", "io.ams.models..", "io.ams.genome..")
            .should().dependOnClassesThat().resideInAPackage("io.ams.report..")
            .because("the report reads stores; the search never depends on how it is shown");

    @ArchTest
    static final ArchRule onlyNativesHoldPointers = noClasses().that().resideOutsideOfPackage("io.ams.natives..")
            .should().dependOnClassesThat().resideInAPackage("org.bytedeco..")
            .because("only natives touches pointers");

    @ArchTest
    static final ArchRule noCommandLineInTheLibrary = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("picocli..", "io.ams.cli..");
}
