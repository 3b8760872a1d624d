package org.collab4j.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.collab4j.model.ModelCodec;

/**
 * The installed algorithms, found by {@link ServiceLoader} from
 * {@code META-INF/services/org.collab4j.train.Algorithm} (in the order listed there), and the
 * model-file codecs they declare. Read once, on first use.
 */
public final class Algorithms {
    private Algorithms() {
    }

    private static final class Installed {
        static final List<Algorithm> ALL = check(ServiceLoader.load(Algorithm.class, Algorithms.class.getClassLoader()));
    }

    private static final class Codecs {
        static final List<ModelCodec> ALL = codecs(Installed.ALL);
    }

    /** Every installed algorithm, in the order of the services file. */
    public static List<Algorithm> all() {
        return Installed.ALL;
    }

    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Algorithm a : Installed.ALL) names.add(a.name());
        return names;
    }

    /** The algorithm named {@code name}, or an error listing the known names. */
    public static Algorithm get(String name) {
        for (Algorithm a : Installed.ALL) if (a.name().equals(name)) return a;
        if (Installed.ALL.isEmpty())
            throw new IllegalStateException("no models are installed: META-INF/services/" + Algorithm.class.getName()
                    + " is missing from the class path (a jar built without merging service files?)");
        List<String> near = OptionValues.nearMisses(name, names());
        throw new IllegalArgumentException("unknown model '" + name + "'" + (near.isEmpty() ? "" : " (did you mean " + OptionSpec.or(near) + "?)")
                + "; known models: " + String.join(", ", names()));
    }

    /** The codecs of every installed algorithm, each once, in the order of the algorithms. */
    public static List<ModelCodec> codecs() {
        return Codecs.ALL;
    }

    /** The algorithms found, checked: names unique and the same as their trainers'. */
    static List<Algorithm> check(Iterable<Algorithm> found) {
        Map<String, Algorithm> byName = new LinkedHashMap<>();
        for (Algorithm a : found) {
            if (!a.name().equals(a.trainer().name()))
                throw new IllegalStateException(a.getClass().getName() + " is named '" + a.name() + "' but its trainer '" + a.trainer().name() + "'");
            Algorithm before = byName.put(a.name(), a);
            if (before != null)
                throw new IllegalStateException("two algorithms are named '" + a.name() + "': " + before.getClass().getName() + " and "
                        + a.getClass().getName());
        }
        return List.copyOf(byName.values());
    }

    /** Each codec once by name; two different codecs under one name would make files ambiguous. */
    static List<ModelCodec> codecs(List<Algorithm> algorithms) {
        Map<String, ModelCodec> byName = new LinkedHashMap<>();
        for (Algorithm a : algorithms)
            for (ModelCodec c : a.codecs()) {
                ModelCodec before = byName.putIfAbsent(c.name(), c);
                if (before != null && before.getClass() != c.getClass())
                    throw new IllegalStateException("two model-file codecs are named '" + c.name() + "': " + before.getClass().getName() + " and "
                            + c.getClass().getName());
            }
        return List.copyOf(byName.values());
    }
}
