package org.greenai.tracker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture, checked on the compiled classes of tracker-core:
 * <ul>
 *   <li>the pipeline's stages ({@code internal.*}: config, probes, sampling, accounting, windows, output, run) have no
 *       cycle between them;</li>
 *   <li>no cycle between any of the module's packages either, the root package counted as two layers: the API's
 *       value types (used by every layer) and the facade ({@code EnergyTracker}, {@code Window},
 *       {@code TrainingSession}) on top, which only it and nothing internal uses;</li>
 *   <li>no public API type exposes an {@code internal} type (supertype, public or protected field, method or
 *       constructor signature, generics included);</li>
 *   <li>no module but tracker-core refers to {@code org.greenai.tracker.internal} (a scan of the sibling modules'
 *       sources, benchmarks and test code included).</li>
 * </ul>
 * No main source file of any module is longer than 450 lines (the facade 600). Each rule is also run against a
 * fixture package with a deliberate cycle and a leaking API type, so the test is known to fail when the
 * architecture breaks.
 */
class ArchitectureTest {
    private static final String ROOT = "org.greenai.tracker";
    private static final Set<String> FACADE = Set.of("EnergyTracker", "Window", "TrainingSession", "TrainingListenerBuilder");
    private static final String FIXTURE = "org.greenai.tracker.archfixture";

    /** The repository root: tests run in tracker-core. */
    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

    private static JavaClasses core;
    private static JavaClasses fixture;

    @BeforeAll
    static void importClasses() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        fixture = new ClassFileImporter().importPackages(FIXTURE);
        assertThat(core.contain(EnergyTracker.class)).as("main classes imported").isTrue();
        assertThat(core.stream().anyMatch(c -> c.getPackageName().startsWith(FIXTURE)))
                .as("test classes left out of the main classes").isFalse();
    }

    /** The stage packages under {@code <root>.internal} depend on one another one way only. */
    static ArchRule stagesHaveNoCycle(String root) {
        return slices().matching(root + ".internal.(*)..").namingSlices("stage $1").should().beFreeOfCycles();
    }

    /** Every package is a slice (internal stages one each), the root package split into API values and facade. */
    static ArchRule packagesHaveNoCycle(String root) {
        return slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String pkg = c.getPackageName();
                if (!pkg.startsWith(root)) {
                    return SliceIdentifier.ignore();
                }
                if (pkg.equals(root)) {
                    return SliceIdentifier.of(FACADE.contains(topLevelName(c)) ? "facade" : "api");
                }
                String rest = pkg.substring(root.length() + 1);
                String[] parts = rest.split("\\.");
                return SliceIdentifier.of(parts[0].equals("internal") && parts.length > 1
                        ? "internal." + parts[1] : parts[0]);
            }

            @Override
            public String getDescription() {
                return "packages of " + root + " (root split into api and facade)";
            }
        }).should().beFreeOfCycles();
    }

    /** Nothing internal uses the facade: the facade sits on top. */
    static ArchRule internalDoesNotUseTheFacade(String root) {
        return noClasses().that().resideInAPackage(root + ".internal..")
                .should().dependOnClassesThat(new DescribedPredicate<JavaClass>("the facade " + FACADE) {
                    @Override
                    public boolean test(JavaClass c) {
                        return c.getPackageName().equals(root) && FACADE.contains(topLevelName(c));
                    }
                }).allowEmptyShould(true);
    }

    /** Public types outside {@code internal} have no internal type in what they show. */
    static ArchRule apiExposesNoInternalType(String root) {
        return classes().that().resideOutsideOfPackage(root + ".internal..")
                .and().resideInAPackage(root + "..")
                .should(new ArchCondition<JavaClass>("not expose an internal type in the public API") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        if (!isApi(c)) {
                            return;
                        }
                        List<String> leaks = new ArrayList<>();
                        c.getRawSuperclass().ifPresent(s -> leak(leaks, "extends", s));
                        c.getRawInterfaces().forEach(i -> leak(leaks, "implements", i));
                        for (JavaField f : c.getFields()) {
                            if (shown(f.getModifiers())) {
                                involved(f.getType()).forEach(t -> leak(leaks, "field " + f.getName(), t));
                            }
                        }
                        for (JavaCodeUnit u : c.getCodeUnits()) {
                            if (!shown(u.getModifiers()) || u.getName().equals("<clinit>")) {
                                continue;
                            }
                            involved(u.getReturnType()).forEach(t -> leak(leaks, u.getFullName() + " returns", t));
                            for (JavaType p : u.getParameterTypes()) {
                                involved(p).forEach(t -> leak(leaks, u.getFullName() + " takes", t));
                            }
                        }
                        for (String l : leaks) {
                            events.add(SimpleConditionEvent.violated(c, c.getName() + ": " + l));
                        }
                    }

                    private void leak(List<String> leaks, String where, JavaClass t) {
                        if (t.getPackageName().startsWith(root + ".internal")) {
                            leaks.add(where + " " + t.getName());
                        }
                    }
                });
    }

    private static boolean isApi(JavaClass c) {
        for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
            if (!k.getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }

    private static boolean shown(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    private static Set<JavaClass> involved(JavaType type) {
        return type.getAllInvolvedRawTypes();
    }

    /** The {@code .java} files of the repository that {@code keep} accepts. */
    private static List<Path> javaSources(java.util.function.Predicate<Path> keep) throws IOException {
        try (Stream<Path> files = Files.walk(REPOSITORY)) {
            return files.filter(p -> p.toString().endsWith(".java")).filter(keep).toList();
        }
    }

    private static String topLevelName(JavaClass c) {
        String simple = c.getName().substring(c.getPackageName().length() + 1);
        int dollar = simple.indexOf('$');
        return dollar < 0 ? simple : simple.substring(0, dollar);
    }

    @Test
    void stagePackagesHaveNoCycle() {
        stagesHaveNoCycle(ROOT).check(core);
    }

    @Test
    void packagesHaveNoCycleWithTheFacadeOnTop() {
        packagesHaveNoCycle(ROOT).check(core);
        internalDoesNotUseTheFacade(ROOT).check(core);
    }

    @Test
    void publicApiExposesNoInternalType() {
        apiExposesNoInternalType(ROOT).check(core);
    }

    @Test
    void theRulesFailOnADeliberateCycleAndALeak() {
        assertThat(stagesHaveNoCycle(FIXTURE).evaluate(fixture).hasViolation()).as("stage cycle found").isTrue();
        assertThat(packagesHaveNoCycle(FIXTURE).evaluate(fixture).hasViolation()).as("package cycle found")
                .isTrue();
        List<String> leaks = apiExposesNoInternalType(FIXTURE).evaluate(fixture).getFailureReport().getDetails();
        assertThat(String.join("\n", leaks)).contains("field field", "Leaky.alpha() returns",
                "Leaky.take(" + FIXTURE + ".internal.alpha.Alpha) takes", "Leaky.<init>(")
                .doesNotContain("hidden");
    }

    /** One room per job stays so: no main source file over 450 lines, the facade over 600 (issue 10). */
    @Test
    void noMainClassGrowsPastItsRoom() throws IOException {
        List<Path> sources = javaSources(p -> p.toString().contains("/src/main/java/"));
        List<String> tooLong = new ArrayList<>();
        for (Path f : sources) {
            long lines = Files.readAllLines(f, StandardCharsets.UTF_8).size();
            long limit = f.getFileName().toString().equals("EnergyTracker.java") ? 600 : 450;
            if (lines > limit) {
                tooLong.add(REPOSITORY.relativize(f) + ": " + lines + " lines > " + limit);
            }
        }
        assertThat(sources).as("main sources found under " + REPOSITORY).hasSizeGreaterThan(100);
        assertThat(tooLong).as("split these into rooms of their own").isEmpty();
    }

    /** Every module but tracker-core (and the examples, benchmarks and test kit) stays off the internals. */
    @Test
    void noOtherModuleRefersToInternal() throws IOException {
        Pattern internal = Pattern.compile("\\borg\\.greenai\\.tracker\\.internal\\b");
        List<Path> sources = javaSources(p -> !p.startsWith(REPOSITORY.resolve("tracker-core"))
                && p.toString().contains("/src/"));
        List<String> offenders = new ArrayList<>();
        for (Path f : sources) {
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (internal.matcher(lines.get(i)).find()) {
                    offenders.add(REPOSITORY.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        assertThat(sources).as("sources of the other modules found under " + REPOSITORY).hasSizeGreaterThan(50);
        assertThat(offenders).as("references to org.greenai.tracker.internal outside tracker-core").isEmpty();
    }
}
