package io.ams.nn;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Lenient enum names for files and flags: case and '-' vs '_' do not matter. */
final class Names {
    private Names() {}

    static <E extends Enum<E>> E parse(Class<E> type, String name) {
        String key = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().replace("_", "").equals(key.replace("_", ""))) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + type.getSimpleName().toLowerCase(Locale.ROOT) + " '" + name
                + "'; expected one of " + Arrays.stream(type.getEnumConstants())
                .map(Names::display).collect(Collectors.joining(", ")));
    }

    static String display(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
