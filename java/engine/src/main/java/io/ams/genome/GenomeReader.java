package io.ams.genome;

import io.ams.engine.Constraint;
import io.ams.engine.Goal;
import io.ams.engine.KeepCheckpoints;
import io.ams.models.MlpObjective;
import io.ams.models.MultiObjectiveFunctions;

import io.ams.space.FixedParameter;
import io.ams.space.IntParameter;
import io.ams.space.LayerStack;
import io.ams.space.Parameter;
import io.ams.space.RealParameter;
import io.ams.space.Scale;
import io.ams.space.SearchSpace;
import io.ams.space.SpaceException;
import io.ams.core.Direction;
import io.ams.core.Spelling;
import io.ams.data.Excerpt;
import io.ams.models.MlpParameters;
import io.ams.engine.Pruners;
import io.ams.engine.StrategyOptionException;
import io.ams.engine.StrategyProvider;
import io.ams.engine.StudyBuilder;
import io.ams.meta.WarmStart;
import io.ams.engine.strategies.Strategies;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns genome text into a {@link Genome}, reporting the first problem with its line.
 *
 * <p>Jackson's tree model drops source locations, so the file is composed into SnakeYAML's node
 * graph (the parser under Jackson's YAML module), whose nodes keep their start marks. Scalars
 * are typed by YAML 1.2 core-schema rules rather than SnakeYAML's YAML 1.1 defaults, so that
 * {@code on}, {@code off}, {@code yes} and {@code no} stay strings and {@code 1e-3} is a number.
 */
final class GenomeReader {
    private static final List<String> TOP = List.of("space", "objective", "metric", "metrics", "split", "strategy", "budget",
            "pruner", "constraints", "reference", "warm_start", "deterministic");
    private static final List<String> BLOCKS = List.of("training", "architecture", "pruning");
    private static final List<String> KINDS = List.of("real", "log_real", "int", "log_int", "choice", "bool", "fixed");
    private static final List<String> MODIFIERS = List.of("default", "when", "step");
    private static final List<String> STACK_KEYS = List.of("min", "max", "default");
    private static final Pattern OPTION_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    /**
     * The most characters of a genome. A genome is a few KB; megabytes of YAML (a wrong file, a
     * generated one gone wrong) kept the reader busy for minutes before the first error.
     */
    static final int MAX_CHARS = 1 << 20;
    /** The deepest nesting of lists and mappings: a genome needs about 6 levels. */
    static final int MAX_NESTING = 50;
    /** The most aliases of lists and mappings, which stops "billion laughs" documents that grow exponentially. */
    static final int MAX_ALIASES = 50;
    /** The longest key: keys are names, and each one is quoted in the path of every error below it. */
    static final int MAX_KEY_CHARS = 100;
    /** The longest value: a name, a number or a path (4096 is Linux's PATH_MAX); errors may quote it. */
    static final int MAX_SCALAR_CHARS = 4096;

    private final String source;
    private final Map<String, Integer> lines = new HashMap<>();
    /** How to bring the objective plug-ins this repository builds, for a genome that names one not on the classpath. */
    private static final Map<String, String> PLUGIN_HINTS = Map.of("lcbench",
            "build it with mvn -B -q -DskipTests package -pl java/lcbench -am and add java/lcbench/target/ams-lcbench.jar with --classpath");

    /** Where each parameter (qualified: {@code lr}, {@code layers.units}) is declared. */
    private final Map<String, Field> declared = new HashMap<>();
    /** Where each parameter's condition on each parent is written. */
    private final Map<String, Map<String, Field>> conditionFields = new HashMap<>();

    GenomeReader(String source) {
        this.source = source;
    }

    Genome read(String text) {
        if (text.length() > MAX_CHARS) {
            throw new GenomeException(source, 0, "", "the genome is " + text.length() + " characters, more than the "
                    + MAX_CHARS + " a genome may have (a genome is a few KB); is this the right file?");
        }
        Node root = compose(text);
        if (root == null) throw new GenomeException(source, 1, "", "empty genome: expected space, objective and budget");
        Field file = new Field("", null, root);
        Map<String, Field> top = file.mapping(TOP);
        SearchSpace space = readSpace(file.required(top, "space"));
        ObjectiveSpec objective = readObjective(file.required(top, "objective"), space);
        if (objective instanceof ObjectiveSpec.Mlp) checkMlpSpace(space);
        if (top.containsKey("metric") && top.containsKey("metrics")) {
            throw top.get("metrics").fail("give metric (one) or metrics (a list, the first optimised as the value), not both");
        }
        List<Goal> goals = new ArrayList<>();
        MetricSpec metric = top.containsKey("metric") ? readMetric(top.get("metric"))
                : top.containsKey("metrics") ? readMetrics(top.get("metrics"), objective, goals)
                : objective instanceof ObjectiveSpec.Mlp ? new MetricSpec("accuracy", Direction.MAXIMIZE)
                : objective instanceof ObjectiveSpec.TestFunction ? new MetricSpec("value", Direction.MINIMIZE)
                : objective instanceof ObjectiveSpec.Provided p ? p.described().metric()
                : null;
        if (objective instanceof ObjectiveSpec.Provided p && top.containsKey("metric") && !metric.equals(p.described().metric())) {
            MetricSpec own = p.described().metric();
            throw top.get("metric").fail("the " + p.provider() + " objective's value is " + own.name() + ", to "
                    + own.direction().name().toLowerCase(Locale.ROOT) + "; write metric: {name: " + own.name() + ", direction: "
                    + own.direction().name().toLowerCase(Locale.ROOT) + "} or leave it out");
        }
        if (metric == null) {
            throw top.get("objective").fail("a java objective needs metric: {name: ..., direction: maximize|minimize}:"
                    + " what its value is called and which way is better");
        }
        Optional<SplitSpec> split = Optional.empty();
        if (objective instanceof ObjectiveSpec.Mlp) {
            split = Optional.of(top.containsKey("split") ? readSplit(top.get("split")) : SplitSpec.DEFAULT);
        } else if (top.containsKey("split")) {
            throw top.get("split").fail("a split applies to an mlp objective, not to a "
                    + (objective instanceof ObjectiveSpec.TestFunction ? "test function"
                    : objective instanceof ObjectiveSpec.JavaClass ? "java objective (it splits its own data)"
                    : named(objective) + " objective (it has its own data)"));
        }
        // several metrics are searched by nsga2 unless the genome names another multi-objective strategy
        StrategySpec strategy = top.containsKey("strategy") ? readStrategy(top.get("strategy"), space)
                : StrategySpec.of(goals.isEmpty() ? "auto" : "nsga2");
        if (objective instanceof ObjectiveSpec.Provided p && p.described().maxFidelity() > 0
                && Strategies.find(strategy.name()).map(sp -> sp.options().contains("max_fidelity")).orElse(false)) {
            // the strategy's own default could ask the objective for more than it has
            double most = p.described().maxFidelity();
            if (strategy.name().equals("auto") && !strategy.options().containsKey("max_fidelity")) {
                // auto uses an objective's fidelities when it has them: up to all the objective has
                Map<String, Object> options = new java.util.TreeMap<>(strategy.options());
                options.put("max_fidelity", most == Math.rint(most) ? (Object) (long) most : (Object) most);
                strategy = new StrategySpec("auto", strategy.seed(), options);
            }
            Object given = strategy.options().get("max_fidelity");
            Field at = top.containsKey("strategy") ? top.get("strategy") : top.get("objective");
            if (given == null || ((Number) given).doubleValue() > most) {
                throw at.fail("the " + p.provider() + " objective's fidelity goes up to " + fidelityText(most) + ": give "
                        + strategy.name() + " max_fidelity" + (given == null ? " (at most " + fidelityText(most) + ")"
                        : " of at most " + fidelityText(most) + ", not " + given));
            }
        }
        if (!goals.isEmpty() && !Strategies.check(strategy.name(), strategy.options(), StudyBuilder.domain(space), strategy.seed())) {
            throw top.get("strategy").fail(StudyBuilder.multiGoalRefusal(strategy.name(), goals, StudyBuilder.domain(space)));
        }
        BudgetSpec budget = readBudget(file.required(top, "budget"));
        PrunerSpec pruner = top.containsKey("pruner") ? readPruner(top.get("pruner")) : PrunerSpec.NONE;
        List<Constraint> constraints = top.containsKey("constraints") ? readConstraints(top.get("constraints"), objective)
                : List.of();
        Optional<List<Double>> reference = Optional.empty();
        if (top.containsKey("reference")) {
            Field f = top.get("reference");
            List<Double> point = new ArrayList<>();
            for (Field item : f.sequence()) point.add(item.number());
            if (point.size() != goals.size() + 1) {
                throw f.fail("the reference point has " + point.size() + (point.size() == 1 ? " value" : " values") + "; the metrics are " + (goals.size() + 1)
                        + " (" + metric.name() + goals.stream().map(g -> ", " + g.metric()).collect(java.util.stream.Collectors.joining())
                        + "), one value each");
            }
            reference = Optional.of(point);
        }
        Optional<WarmStartSpec> warmStart = top.containsKey("warm_start")
                ? Optional.of(readWarmStart(top.get("warm_start"), strategy)) : Optional.empty();
        boolean deterministic = true;
        if (top.containsKey("deterministic")) {
            Field d = top.get("deterministic");
            if (!(d.scalar() instanceof Boolean b)) throw d.fail("deterministic must be true or false, got " + d.scalar());
            deterministic = b;
        }
        return new Genome(source, space, objective, metric, split, strategy, budget, pruner, constraints, goals, reference,
                warmStart, deterministic, lines);
    }

    // ---- space ------------------------------------------------------------------------------

    private SearchSpace readSpace(Field spaceField) {
        SearchSpace.Builder builder = SearchSpace.builder();
        Map<String, Field> names = new HashMap<>();
        for (Map.Entry<String, Field> e : spaceField.mapping(null).entrySet()) {
            if (BLOCKS.contains(e.getKey())) {
                for (Map.Entry<String, Field> inner : e.getValue().mapping(null).entrySet()) {
                    addEntry(builder, names, inner.getKey(), inner.getValue());
                }
            } else if (looksLikeBlock(e.getKey(), e.getValue())) {
                throw e.getValue().fail("unknown block '" + e.getKey() + "'; expected training, architecture or pruning"
                        + Spelling.closest(e.getKey(), BLOCKS).map(b -> " (did you mean '" + b + "'?)").orElse(""));
            } else {
                addEntry(builder, names, e.getKey(), e.getValue());
            }
        }
        try {
            return builder.build();
        } catch (SpaceException e) {
            throw located(e, spaceField);
        } catch (IllegalArgumentException e) {
            throw spaceField.fail(e.getMessage());
        }
    }

    private void addEntry(SearchSpace.Builder builder, Map<String, Field> names, String name, Field f) {
        Field earlier = names.putIfAbsent(name, f);
        if (earlier != null) throw f.fail("'" + name + "' is already declared at line " + earlier.line());
        if (f.value instanceof MappingNode m && isStack(m)) builder.add(readStack(name, f));
        else builder.add(readParameter(name, f, name));
    }

    /**
     * A misspelt block ({@code trainig:}) would otherwise read as a parameter whose kind is the
     * first parameter inside it: a mapping without a kind that is not a stack, and either is
     * named like a block or holds parameters written as mappings.
     */
    private static boolean looksLikeBlock(String name, Field f) {
        if (!(f.value instanceof MappingNode m) || isStack(m)) return false;
        boolean holdsMappings = false;
        for (NodeTuple t : m.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "";
            if (KINDS.contains(key)) return false;
            if (!MODIFIERS.contains(key) && t.getValueNode() instanceof MappingNode) holdsMappings = true;
        }
        return holdsMappings || Spelling.closest(name, BLOCKS).isPresent();
    }

    /** A mapping with min or max is a stack, unless it names a parameter kind (then min/max are unknown keys). */
    private static boolean isStack(MappingNode m) {
        List<String> keys = m.getValue().stream()
                .map(t -> t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "").toList();
        return (keys.contains("min") || keys.contains("max")) && keys.stream().noneMatch(KINDS::contains);
    }

    private LayerStack readStack(String name, Field f) {
        Map<String, Field> keys = f.mapping(null);
        int min = depth(f.required(keys, "min"));
        int max = depth(f.required(keys, "max"));
        Optional<Integer> defaultDepth = keys.containsKey("default") ? Optional.of(depth(keys.get("default"))) : Optional.empty();
        List<Parameter> perLayer = new ArrayList<>();
        for (Map.Entry<String, Field> e : keys.entrySet()) {
            if (STACK_KEYS.contains(e.getKey())) continue;
            Field p = e.getValue();
            if (p.value instanceof MappingNode m && isStack(m)) throw p.fail("layer stacks cannot nest");
            perLayer.add(readParameter(e.getKey(), p, name + "." + e.getKey()));
        }
        declared.put(name, f);
        try {
            return new LayerStack(name, min, max, defaultDepth, perLayer);
        } catch (SpaceException e) {
            throw located(e, f);
        }
    }

    private static int depth(Field f) {
        long d = f.integer();
        if (d < 0 || d > Integer.MAX_VALUE) throw f.fail("a depth must be a non-negative int, got " + d);
        return (int) d;
    }

    private Parameter readParameter(String name, Field f, String qualified) {
        declared.put(qualified, f);
        if (f.value instanceof ScalarNode) {
            Object v = f.scalar();
            return f.build(f.path, () -> Parameter.fixed(name, v));
        }
        if (f.value instanceof SequenceNode) {
            throw f.fail("a list is not a parameter: write {choice: [...]} to choose among values");
        }
        Map<String, Field> keys = f.mapping(null);
        List<String> kinds = keys.keySet().stream().filter(KINDS::contains).toList();
        if (kinds.isEmpty()) {
            for (Map.Entry<String, Field> e : keys.entrySet()) {
                if (!MODIFIERS.contains(e.getKey())) {
                    throw e.getValue().fail("unknown parameter kind '" + e.getKey() + "'; expected one of " + String.join(", ", KINDS));
                }
            }
            throw f.fail("no parameter kind; expected one of " + String.join(", ", KINDS));
        }
        if (kinds.size() > 1) {
            throw keys.get(kinds.get(1)).fail("two parameter kinds, '" + kinds.get(0) + "' and '" + kinds.get(1) + "'");
        }
        String kind = kinds.get(0);
        boolean integer = kind.equals("int") || kind.equals("log_int");
        List<String> allowed = integer ? List.of(kind, "default", "when", "step") : List.of(kind, "default", "when");
        for (Map.Entry<String, Field> e : keys.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw e.getValue().fail("unknown key '" + e.getKey() + "'; expected one of " + String.join(", ", allowed));
            }
        }
        Field k = keys.get(kind);
        Parameter p = switch (kind) {
            case "real", "log_real" -> {
                double[] r = realRange(k);
                yield k.build(f.path, () -> kind.equals("real") ? Parameter.real(name, r[0], r[1]) : Parameter.logReal(name, r[0], r[1]));
            }
            case "int", "log_int" -> {
                long[] r = intRange(k);
                // The range is checked with its step, which decides how many values the codec
                // must tell apart; a step that does not fit is reported at its own line below.
                long step = keys.containsKey("step") ? fittingStep(keys.get("step"), r) : 1;
                Scale scale = kind.equals("int") ? Scale.LINEAR : Scale.LOG;
                yield k.build(f.path, () -> new IntParameter(name, r[0], r[1], step, scale, Optional.empty(), List.of()));
            }
            case "choice" -> {
                List<Object> choices = new ArrayList<>();
                for (Field c : k.sequence()) choices.add(c.scalar());
                if (choices.isEmpty()) throw k.fail("no choices");
                yield k.build(f.path, () -> Parameter.choice(name, choices.toArray()));
            }
            case "bool" -> {
                if (!Boolean.TRUE.equals(k.scalar())) {
                    throw k.fail("write 'bool: true' to search a boolean; a constant is written as plain true or false");
                }
                yield Parameter.bool(name);
            }
            default -> {
                Object v = k.scalar();
                yield k.build(f.path, () -> Parameter.fixed(name, v));
            }
        };
        if (keys.containsKey("step")) {
            Field s = keys.get("step");
            IntParameter ip = (IntParameter) p;
            long step = s.integer();
            p = s.build(s.path, () -> ip.withStep(step));
        }
        if (keys.containsKey("default")) {
            Field d = keys.get("default");
            Parameter before = p;
            Object v = d.scalar();
            p = d.build(d.path, () -> before.withDefault(v));
        }
        if (keys.containsKey("when")) {
            Map<String, Field> parents = keys.get("when").mapping(null);
            if (parents.isEmpty()) throw keys.get("when").fail("no conditions");
            conditionFields.put(qualified, parents);
            for (Map.Entry<String, Field> c : parents.entrySet()) {
                Field vf = c.getValue();
                List<Object> values = new ArrayList<>();
                if (vf.value instanceof SequenceNode) {
                    for (Field item : vf.sequence()) values.add(item.scalar());
                } else {
                    values.add(vf.scalar());
                }
                if (values.isEmpty()) throw vf.fail("the condition lists no values");
                Parameter before = p;
                p = vf.build(vf.path, () -> before.when(c.getKey(), values.toArray()));
            }
        }
        return p;
    }

    private static double[] realRange(Field f) {
        List<Field> items = f.sequence();
        if (items.size() != 2) throw f.fail("expected a range [low, high], got " + items.size() + " values");
        return new double[] {items.get(0).number(), items.get(1).number()};
    }

    /** The step written at {@code s} if it is a valid step of the range {@code r}, else 1. */
    private static long fittingStep(Field s, long[] r) {
        if (!(s.value instanceof ScalarNode n) || !n.getTag().equals(Tag.INT)) return 1;
        try {
            long step = Long.parseLong(n.getValue());
            long span = r[1] - r[0];
            return step >= 1 && span > 0 && span % step == 0 ? step : 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static long[] intRange(Field f) {
        List<Field> items = f.sequence();
        if (items.size() != 2) throw f.fail("expected a range [low, high], got " + items.size() + " values");
        return new long[] {items.get(0).integer(), items.get(1).integer()};
    }

    /** Points a space-validation error at the condition or declaration it concerns. */
    private GenomeException located(SpaceException e, Field fallback) {
        Field at = e.conditionParent()
                .map(parent -> conditionFields.getOrDefault(e.parameter(), Map.of()).get(parent))
                .orElseGet(() -> declared.getOrDefault(e.parameter(), fallback));
        return new GenomeException(source, at.line(), at.path, e.problem());
    }

    /**
     * The MLP reads only the names {@link MlpParameters} declares, each from its values: any
     * other name, or a value it rejects, would be searched, stored and reported while the
     * trainer ignores it or fails every trial. Reports the problem nearest the top of the file.
     */
    private void checkMlpSpace(SearchSpace space) {
        Optional<GenomeException> first = MlpParameters.problems(space).stream().map(this::locate)
                .min(java.util.Comparator.comparingInt(GenomeException::line));
        if (first.isPresent()) throw first.get();
    }

    /** At the parameter's declaration, or at the offending item of a choice. */
    private GenomeException locate(MlpParameters.Problem p) {
        Field at = declared.get(p.parameter());
        String path = at.path;
        int line = at.line();
        if (p.choice().isPresent()) {
            String item = path + ".choice[" + p.choice().getAsInt() + "]";
            if (lines.containsKey(item)) {
                path = item;
                line = lines.get(item);
            }
        }
        return new GenomeException(source, line, path, p.message());
    }

    // ---- the other sections -----------------------------------------------------------------

    private ObjectiveSpec readObjective(Field f, SearchSpace space) {
        List<ObjectiveProvider> plugins = ObjectiveProvider.available();
        List<String> allowed = new ArrayList<>(List.of("mlp", "function", "dimension", "instance", "java", "records"));
        plugins.forEach(p -> allowed.add(p.name()));
        Map<String, Field> keys = f.mapping(null);
        for (Map.Entry<String, Field> e : keys.entrySet()) {
            String name = e.getKey();
            if (allowed.contains(name)) continue;
            // an objective's key: say which there are, and how to bring a plug-in this repository builds
            throw e.getValue().fail("unknown objective " + Excerpt.quote(name) + "; built in: mlp, function, java"
                    + (plugins.isEmpty() ? "" : "; from plug-ins: " + plugins.stream().map(ObjectiveProvider::name)
                    .collect(java.util.stream.Collectors.joining(", ")))
                    + Optional.ofNullable(PLUGIN_HINTS.get(name)).map(h -> " (" + name + " is a plug-in: " + h + ")")
                    .orElse(Spelling.closest(name, List.of("mlp", "function", "java")).map(c -> " (did you mean '" + c + "'?)").orElse("")));
        }
        List<String> kinds = Stream.concat(Stream.of("mlp", "function", "java"), plugins.stream().map(ObjectiveProvider::name))
                .filter(keys::containsKey).toList();
        if (kinds.size() > 1) throw keys.get(kinds.get(1)).fail("an objective is one of mlp, function or java, not " + String.join(" and ", kinds));
        if (keys.containsKey("dimension") && !keys.containsKey("function")) {
            throw keys.get("dimension").fail("dimension applies to a function objective");
        }
        if (keys.containsKey("instance") && !keys.containsKey("function")) {
            throw keys.get("instance").fail("instance applies to a function objective");
        }
        if (keys.containsKey("records") && !keys.containsKey("java")) throw keys.get("records").fail("records applies to a java objective");
        for (ObjectiveProvider plugin : plugins) {
            if (!keys.containsKey(plugin.name())) continue;
            Field at = keys.get(plugin.name());
            Map<String, Object> options = new LinkedHashMap<>();
            Map<String, Field> optionFields = at.value instanceof ScalarNode s0 && s0.getTag().equals(Tag.NULL) ? Map.of() : at.mapping(null);
            optionFields.forEach((k, v) -> options.put(k, v.scalar()));
            try {
                return new ObjectiveSpec.Provided(plugin.name(), options, plugin.describe(options, space));
            } catch (ObjectiveProvider.OptionException e) {
                String field = e.field().orElse(null);
                if (field != null && field.startsWith("space.") && declared.containsKey(field.substring(6))) {
                    throw declared.get(field.substring(6)).fail(e.getMessage());
                }
                throw (field != null && optionFields.containsKey(field) ? optionFields.get(field) : at).fail(e.getMessage());
            } catch (IllegalArgumentException e) {
                throw at.fail(e.getMessage());
            }
        }
        if (keys.containsKey("java")) {
            Field java = keys.get("java");
            String className = java.string();
            List<String> records = new ArrayList<>();
            if (keys.containsKey("records")) {
                for (Field r : keys.get("records").sequence()) {
                    String name = r.string();
                    r.build(r.path, () -> io.ams.core.Metrics.checked(Map.of(name, 0.0)));
                    if (records.contains(name)) throw r.fail("'" + name + "' is listed twice");
                    records.add(name);
                }
            }
            return java.build(java.path, () -> new ObjectiveSpec.JavaClass(className, records));
        }
        if (keys.containsKey("mlp")) {
            Field mlp = keys.get("mlp");
            Field dataset = mlp.required(mlp.mapping(List.of("dataset")), "dataset");
            String name = dataset.string();
            return dataset.build(dataset.path, () -> new ObjectiveSpec.Mlp(name));
        }
        if (!keys.containsKey("function")) throw f.fail("expected mlp: {dataset: NAME}, function: NAME or java: CLASS");
        Field function = keys.get("function");
        String name = function.string();
        if (!ObjectiveSpec.TestFunction.KNOWN.contains(name)) {
            throw function.fail("unknown test function '" + name + "'; expected one of "
                    + String.join(", ", ObjectiveSpec.TestFunction.KNOWN));
        }
        if (!space.stacks().isEmpty()) throw function.fail("a test function takes no layer stacks");
        for (Parameter p : space.parameters()) {
            boolean numeric = p instanceof RealParameter || p instanceof IntParameter
                    || p instanceof FixedParameter fp && fp.value() instanceof Number;
            if (!numeric || !p.conditions().isEmpty()) {
                throw declared.get(p.name()).fail("a test function's parameters must be unconditional numbers");
            }
        }
        if (MultiObjectiveFunctions.NAMES.contains(name)) {
            for (Parameter p : space.parameters()) {
                if (!(p instanceof RealParameter r && r.low() == 0 && r.high() == 1)) {
                    throw declared.get(p.name()).fail(name + "'s variables are reals in [0, 1]: {real: [0, 1]}");
                }
            }
        }
        int n = space.parameters().size();
        Field dimField = keys.getOrDefault("dimension", function);
        int dimension = keys.containsKey("dimension") ? Math.toIntExact(keys.get("dimension").integer()) : n;
        int instance = 0;
        if (keys.containsKey("instance")) {
            Field instanceField = keys.get("instance");
            long k = instanceField.integer();
            if (k < 0 || k > Integer.MAX_VALUE) throw instanceField.fail("instance must be an integer >= 0, got " + k);
            if (k != 0 && !io.ams.models.TestFunctions.INSTANCED.contains(name)) {
                throw instanceField.fail("instance applies to " + String.join(" and ", io.ams.models.TestFunctions.INSTANCED)
                        + ", not " + name);
            }
            instance = (int) k;
        }
        int instanceChosen = instance;
        ObjectiveSpec.TestFunction spec = dimField.build(dimField.path,
                () -> new ObjectiveSpec.TestFunction(name, dimension, instanceChosen));
        if (dimension != n) {
            throw dimField.fail(name + " of dimension " + dimension + " needs " + dimension + " parameters, the space has " + n);
        }
        return spec;
    }

    private MetricSpec readMetric(Field f) {
        Map<String, Field> keys = f.mapping(List.of("name", "direction"));
        String name = f.required(keys, "name").string();
        Field d = f.required(keys, "direction");
        String direction = d.string();
        return d.build(d.path, () -> new MetricSpec(name, Direction.parse(direction)));
    }

    /**
     * {@code constraints: {params: {max: 50000}, latency_ms: {max: 0.2}}}: bounds on what the
     * objective measures; a name it does not record is an error here, not a study whose every
     * trial is infeasible.
     */
    private List<Constraint> readConstraints(Field f, ObjectiveSpec objective) {
        List<String> recorded = recorded(objective);
        List<Constraint> constraints = new ArrayList<>();
        for (Map.Entry<String, Field> e : f.mapping(null).entrySet()) {
            String name = e.getKey();
            Field bound = e.getValue();
            if (!recorded.contains(name)) {
                throw bound.fail(recorded.isEmpty()
                        ? "this objective records no measurements to constrain (the mlp objective records "
                                + String.join(", ", MlpObjective.METRICS)
                                + (objective instanceof ObjectiveSpec.JavaClass ? "; a java objective lists its own with records: [NAME, ...]" : "") + ")"
                        : "the " + named(objective) + " objective records " + String.join(", ", recorded) + ", not '" + name + "'"
                                + Spelling.closest(name, recorded).map(c -> " (did you mean '" + c + "'?)").orElse(""));
            }
            Map<String, Field> keys = bound.mapping(List.of("min", "max"));
            double min = keys.containsKey("min") ? keys.get("min").number() : Double.NEGATIVE_INFINITY;
            double max = keys.containsKey("max") ? keys.get("max").number() : Double.POSITIVE_INFINITY;
            constraints.add(bound.build(bound.path, () -> new Constraint(name, min, max)));
        }
        if (constraints.isEmpty()) throw f.fail("no constraint given: write e.g. {params: {max: 50000}}, or leave the block out");
        return constraints;
    }

    /**
     * {@code metrics: [{name: accuracy, direction: maximize}, {name: params, direction: minimize}]}:
     * the first is the value the objective returns (as {@code metric:}), the others are
     * measurements it records, optimised too ({@code goals}).
     */
    /** What an objective records besides its value. */
    private static List<String> recorded(ObjectiveSpec objective) {
        if (objective instanceof ObjectiveSpec.TestFunction t) return t.recorded();
        if (objective instanceof ObjectiveSpec.JavaClass j) return j.records();
        if (objective instanceof ObjectiveSpec.Provided p) return p.described().records();
        return MlpObjective.METRICS;
    }

    /** The objective as errors name it: "mlp", the function's name, or the Java class. */
    private static String named(ObjectiveSpec objective) {
        if (objective instanceof ObjectiveSpec.TestFunction t) return t.name();
        if (objective instanceof ObjectiveSpec.JavaClass j) return j.className();
        if (objective instanceof ObjectiveSpec.Provided p) return p.provider();
        return "mlp";
    }

    private MetricSpec readMetrics(Field f, ObjectiveSpec objective, List<Goal> goals) {
        List<Field> items = f.sequence();
        if (items.size() < 2) throw f.fail("metrics lists two or more (for one, write metric: {name: ..., direction: ...})");
        MetricSpec first = readMetric(items.get(0));
        List<String> recorded = recorded(objective);
        for (Field item : items.subList(1, items.size())) {
            MetricSpec m = readMetric(item);
            if (!recorded.contains(m.name())) {
                throw item.fail(recorded.isEmpty() ? "this objective records no measurements to optimise besides its value"
                        : "the " + named(objective) + " objective records " + String.join(", ", recorded) + ", not '" + m.name() + "'"
                                + Spelling.closest(m.name(), recorded).map(c -> " (did you mean '" + c + "'?)").orElse(""));
            }
            if (goals.stream().anyMatch(g -> g.metric().equals(m.name()))) throw item.fail("metric " + m.name() + " is listed twice");
            goals.add(new Goal(m.name(), m.direction()));
        }
        return first;
    }

    private SplitSpec readSplit(Field f) {
        Map<String, Field> keys = f.mapping(List.of("validation", "test", "seed"));
        double validation = keys.containsKey("validation") ? keys.get("validation").number() : SplitSpec.DEFAULT.validation();
        double test = keys.containsKey("test") ? keys.get("test").number() : SplitSpec.DEFAULT.test();
        long seed = keys.containsKey("seed") ? keys.get("seed").integer() : SplitSpec.DEFAULT.seed();
        return f.build(f.path, () -> new SplitSpec(validation, test, seed));
    }

    /** The strategy and its options, checked through the strategy registry, each error at its option's line. */
    private StrategySpec readStrategy(Field f, SearchSpace space) {
        if (f.value instanceof ScalarNode) {
            String name = f.string();
            StrategySpec spec = f.build(f.path, () -> StrategySpec.of(name));
            checkStrategyOptions(f, Map.of(), spec, space);
            return spec;
        }
        Map<String, Field> keys = f.mapping(null);
        Field nameField = f.required(keys, "name");
        String name = nameField.string();
        // checks the name here, so that an unknown one is reported at its own line
        nameField.build(nameField.path, () -> StrategySpec.of(name));
        long seed = keys.containsKey("seed") ? keys.get("seed").integer() : 0;
        Map<String, Object> options = new LinkedHashMap<>();
        for (Map.Entry<String, Field> e : keys.entrySet()) {
            if (e.getKey().equals("name") || e.getKey().equals("seed")) continue;
            Field o = e.getValue();
            if (!OPTION_NAME.matcher(e.getKey()).matches()) throw o.fail("an option name is an identifier");
            if (o.value instanceof SequenceNode) {
                List<Object> items = new ArrayList<>();
                for (Field item : o.sequence()) items.add(item.scalar());
                options.put(e.getKey(), items);
            } else if (o.value instanceof ScalarNode) {
                options.put(e.getKey(), o.scalar());
            } else {
                throw o.fail("an option is a number, string, boolean or a list of them");
            }
        }
        StrategySpec spec = new StrategySpec(name, seed, options);
        checkStrategyOptions(f, keys, spec, space);
        return spec;
    }

    /**
     * Builds the strategy once on the genome's space, so that a bad option stops here, at its own
     * line, before any study (or store file) exists.
     */
    private void checkStrategyOptions(Field f, Map<String, Field> keys, StrategySpec spec, SearchSpace space) {
        try {
            Strategies.check(spec.name(), spec.options(), StudyBuilder.domain(space), spec.seed());
        } catch (StrategyOptionException e) {
            Field at = keys.getOrDefault(e.option(), f);
            throw new GenomeException(source, at.line(), f.path + "." + e.option(), e.problem(), e);
        } catch (IllegalArgumentException e) {
            throw f.fail(e.getMessage());
        }
    }

    /** {@code pruner: median} or {@code pruner: {name: median, warmup: 2}}; options are checked here, each at its line. */
    private PrunerSpec readPruner(Field f) {
        if (f.value instanceof ScalarNode) {
            String name = f.string();
            f.build(f.path, () -> Pruners.create(name, Map.of()));
            return new PrunerSpec(name, Map.of());
        }
        Map<String, Field> keys = f.mapping(null);
        Field nameField = f.required(keys, "name");
        String name = nameField.string();
        List<String> known = nameField.build(nameField.path, () -> Pruners.options(name));
        Map<String, Object> options = new LinkedHashMap<>();
        for (Map.Entry<String, Field> e : keys.entrySet()) {
            if (e.getKey().equals("name")) continue;
            Field o = e.getValue();
            if (!known.contains(e.getKey())) {
                throw o.fail("unknown option '" + e.getKey() + "' of pruner " + name
                        + (known.isEmpty() ? "; it takes no options" : "; expected one of " + String.join(", ", known)));
            }
            Object v = o.scalar();
            o.build(o.path, () -> Pruners.create(name, Map.of(e.getKey(), v)));
            options.put(e.getKey(), v);
        }
        f.build(f.path, () -> Pruners.create(name, options));
        return new PrunerSpec(name, options);
    }

    private WarmStartSpec readWarmStart(Field f, StrategySpec strategy) {
        Map<String, Field> keys = f.mapping(List.of("archive", "neighbours", "configurations"));
        Optional<String> archive = keys.containsKey("archive") ? Optional.of(keys.get("archive").string()) : Optional.empty();
        int neighbours = warmStartCount(keys, "neighbours", WarmStart.DEFAULT_NEIGHBOURS);
        int configurations = warmStartCount(keys, "configurations", WarmStart.DEFAULT_CONFIGURATIONS);
        if (!Strategies.find(strategy.name()).map(StrategyProvider::readsStartPoints).orElse(true)) {
            throw f.fail("strategy " + strategy.name() + " does not read start points, so the warm start's configurations"
                    + " would be ignored; every built-in strategy reads them");
        }
        return new WarmStartSpec(archive, neighbours, configurations);
    }

    private static int warmStartCount(Map<String, Field> keys, String key, int fallback) {
        if (!keys.containsKey(key)) return fallback;
        Field n = keys.get(key);
        long v = n.integer();
        if (v < 1 || v > WarmStart.MAX) throw n.fail(key + " must be in [1, " + WarmStart.MAX + "], got " + v);
        return (int) v;
    }

    private BudgetSpec readBudget(Field f) {
        Map<String, Field> keys = f.mapping(List.of("trials", "time", "target", "max_failures", "keep_checkpoints"));
        OptionalInt trials = OptionalInt.empty();
        if (keys.containsKey("trials")) {
            Field t = keys.get("trials");
            long n = t.integer();
            if (n < 1 || n > Integer.MAX_VALUE) throw t.fail("trials must be a positive int, got " + n);
            trials = OptionalInt.of((int) n);
        }
        Optional<Duration> time = Optional.empty();
        if (keys.containsKey("time")) {
            Field t = keys.get("time");
            Object v = t.scalar();
            if (!(v instanceof String s)) throw t.fail("bad duration " + v + ": give a unit, e.g. " + v + "s or " + v + "m");
            time = Optional.of(t.build(t.path, () -> BudgetSpec.parseDuration(s)));
        }
        OptionalDouble target = keys.containsKey("target") ? OptionalDouble.of(keys.get("target").number()) : OptionalDouble.empty();
        OptionalInt maxFailures = OptionalInt.empty();
        if (keys.containsKey("max_failures")) {
            Field m = keys.get("max_failures");
            long n = m.integer();
            if (n < 1 || n > Integer.MAX_VALUE) throw m.fail("max_failures must be a positive int, got " + n);
            maxFailures = OptionalInt.of((int) n);
        }
        Optional<KeepCheckpoints> keep = Optional.empty();
        if (keys.containsKey("keep_checkpoints")) {
            Field k = keys.get("keep_checkpoints");
            String id = k.string();
            keep = Optional.of(java.util.Arrays.stream(KeepCheckpoints.values()).filter(x -> x.id().equals(id)).findFirst()
                    .orElseThrow(() -> k.fail("keep_checkpoints must be one of " + KeepCheckpoints.names() + ", got "
                            + Excerpt.quote(id))));
        }
        OptionalInt finalTrials = trials;
        Optional<Duration> finalTime = time;
        OptionalInt finalMaxFailures = maxFailures;
        Optional<KeepCheckpoints> finalKeep = keep;
        return f.build(f.path, () -> new BudgetSpec(finalTrials, finalTime, target, finalMaxFailures, finalKeep));
    }

    // ---- YAML nodes with locations ----------------------------------------------------------

    private Node compose(String text) {
        LoaderOptions options = new LoaderOptions();
        // Explicit, so that the limits of a genome do not change with SnakeYAML's defaults.
        options.setCodePointLimit(MAX_CHARS);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        ParserImpl parser = new ParserImpl(new StreamReader(text), options);
        try {
            Composer composer = new Composer(parser, new CoreSchema(), options);
            return composer.getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new GenomeException(source, mark == null ? 0 : mark.getLine() + 1, "",
                    "not valid YAML: " + (e.getProblem() != null ? e.getProblem() : e.getMessage()), e);
        } catch (YAMLException e) {
            // The limits (nesting, aliases) are reported without a mark: point at where the parser stopped.
            throw new GenomeException(source, lineReached(parser), "", "not valid YAML: " + e.getMessage(), e);
        }
    }

    /** The 1-based line of the parser's next event, or 0 when it cannot say. */
    private static int lineReached(ParserImpl parser) {
        try {
            return parser.peekEvent().getStartMark().getLine() + 1;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** YAML 1.2 core-schema scalars: true/false, decimal integers and floats, null. */
    private static final class CoreSchema extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF");
            addImplicitResolver(Tag.INT, Pattern.compile("^[-+]?[0-9]+$"), "-+0123456789");
            addImplicitResolver(Tag.FLOAT, Pattern.compile(
                    "^[-+]?(?:[0-9]+\\.[0-9]*(?:[eE][-+]?[0-9]+)?|\\.[0-9]+(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)$"),
                    "-+0123456789.");
            addImplicitResolver(Tag.NULL, Pattern.compile("^(?:~|null|Null|NULL)$"), "~nN");
            addImplicitResolver(Tag.NULL, Pattern.compile("^$"), null);
        }
    }

    /** A node of the file with its dotted path and the key that introduced it (null for list items and the root). */
    private final class Field {
        final String path;
        final Node key;
        final Node value;

        Field(String path, Node key, Node value) {
            this.path = path;
            this.key = key;
            this.value = value;
            if (!path.isEmpty()) lines.putIfAbsent(path, line());
        }

        /** The line of the key that introduced the node, else of the node itself. */
        int line() {
            return (key != null ? key : value).getStartMark().getLine() + 1;
        }

        GenomeException fail(String problem) {
            return new GenomeException(source, line(), path, problem);
        }

        /** Runs a constructor that validates, reporting its complaint here under {@code field}. */
        <T> T build(String field, Supplier<T> constructor) {
            try {
                return constructor.get();
            } catch (SpaceException e) {
                throw new GenomeException(source, line(), field, e.problem(), e);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new GenomeException(source, line(), field, e.getMessage(), e);
            }
        }

        /** The entries of a mapping, in file order; keys outside {@code allowed} (when given) are errors. */
        Map<String, Field> mapping(List<String> allowed) {
            if (!(value instanceof MappingNode m)) throw fail("expected a mapping, got " + describe(value));
            Map<String, Field> entries = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    throw new GenomeException(source, t.getKeyNode().getStartMark().getLine() + 1, path, "keys must be plain names");
                }
                String name = k.getValue();
                int keyLine = k.getStartMark().getLine() + 1;
                if (name.length() > MAX_KEY_CHARS) {
                    throw new GenomeException(source, keyLine, path, "a key of " + name.length() + " characters, "
                            + Excerpt.quote(name) + "; keys are names of at most " + MAX_KEY_CHARS + " characters");
                }
                String childPath = path.isEmpty() ? name : path + "." + name;
                if (entries.containsKey(name)) {
                    throw new GenomeException(source, keyLine, childPath, "duplicate key (first at line " + entries.get(name).line() + ")");
                }
                if (allowed != null && !allowed.contains(name)) {
                    throw new GenomeException(source, keyLine, childPath,
                            "unknown key '" + name + "'; expected one of " + String.join(", ", allowed));
                }
                entries.put(name, new Field(childPath, k, t.getValueNode()));
            }
            return entries;
        }

        Field required(Map<String, Field> entries, String name) {
            Field f = entries.get(name);
            if (f == null) throw new GenomeException(source, line(), path.isEmpty() ? name : path + "." + name, "missing");
            return f;
        }

        List<Field> sequence() {
            if (!(value instanceof SequenceNode s)) throw fail("expected a list, got " + describe(value));
            List<Field> items = new ArrayList<>();
            for (int i = 0; i < s.getValue().size(); i++) items.add(new Field(path + "[" + i + "]", null, s.getValue().get(i)));
            return items;
        }

        /** A number, string or boolean: {@code Long}, {@code Double}, {@code String} or {@code Boolean}. */
        Object scalar() {
            if (!(value instanceof ScalarNode s)) throw fail("expected a single value, got " + describe(value));
            Tag tag = s.getTag();
            String text = s.getValue();
            if (text.length() > MAX_SCALAR_CHARS) {
                throw fail("a value of " + text.length() + " characters, " + Excerpt.quote(text)
                        + "; values are names, numbers or paths of at most " + MAX_SCALAR_CHARS + " characters");
            }
            if (tag.equals(Tag.STR)) return text;
            if (tag.equals(Tag.BOOL)) return Boolean.parseBoolean(text.toLowerCase(Locale.ROOT));
            if (tag.equals(Tag.INT)) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw fail("integer " + shown(text) + " is too large");
                }
            }
            if (tag.equals(Tag.FLOAT)) return Double.parseDouble(text);
            if (tag.equals(Tag.NULL)) throw fail("missing value");
            throw fail("unsupported tag " + tag);
        }

        double number() {
            Object v = scalar();
            if (!(v instanceof Long || v instanceof Double)) throw fail("expected a number, got " + describe(value));
            return ((Number) v).doubleValue();
        }

        long integer() {
            Object v = scalar();
            if (!(v instanceof Long)) throw fail("expected an integer, got " + describe(value));
            return (Long) v;
        }

        String string() {
            Object v = scalar();
            if (!(v instanceof String)) throw fail("expected a name, got " + describe(value));
            return (String) v;
        }
    }

    private static String fidelityText(double f) {
        return f == Math.rint(f) ? Long.toString((long) f) : Double.toString(f);
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) return "a mapping";
        if (node instanceof SequenceNode) return "a list";
        ScalarNode s = (ScalarNode) node;
        if (s.getTag().equals(Tag.NULL)) return "nothing";
        return s.getTag().equals(Tag.STR) ? Excerpt.quote(s.getValue()) : shown(s.getValue());
    }

    /** A number or other plain text as written, quoted in part when long: a misplaced value may be a file's worth. */
    private static String shown(String text) {
        return text.length() > Excerpt.MAX_CHARS ? Excerpt.quote(text) : text;
    }
}
