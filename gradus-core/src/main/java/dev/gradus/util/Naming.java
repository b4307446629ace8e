package dev.gradus.util;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Keras's naming rules: snake_case from class names, unique auto-names, closest-name hints. */
public final class Naming {
    private static final Map<String, AtomicInteger> COUNTERS = new ConcurrentHashMap<>();

    private Naming() {}

    /** "MeanSquaredError" → "mean_squared_error", "AUC" → "auc", "R2Score" → "r2_score" (Keras's to_snake_case). */
    public static String snakeCase(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 8);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                char prev = camel.charAt(i - 1);
                boolean nextLower = i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1));
                // Keras's two regexes: "(.)([A-Z][a-z]+)" and "([a-z])([A-Z])"; so "Conv2D" stays "conv2d"
                if (Character.isLowerCase(prev) || nextLower) out.append('_');
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }

    /** "dense", "dense_1", "dense_2", ... per prefix within this JVM, as Keras auto-names objects. */
    public static String uniqueName(String prefix) {
        int n = COUNTERS.computeIfAbsent(prefix, k -> new AtomicInteger()).getAndIncrement();
        return n == 0 ? prefix : prefix + "_" + n;
    }

    /** Forgets every counter, so automatic names start again at {@code dense}, {@code dense_1} (Keras's {@code clear_session}). */
    public static void resetNames() {
        COUNTERS.clear();
    }

    /** Up to {@code limit} known names nearest to {@code name} (case-insensitive edit distance). */
    public static List<String> closest(String name, Collection<String> known, int limit) {
        String query = name.toLowerCase(Locale.ROOT);
        List<String> sorted = new ArrayList<>(known);
        sorted.sort(Comparator.comparingInt((String k) -> distance(query, k.toLowerCase(Locale.ROOT)))
                .thenComparing(Comparator.naturalOrder()));
        return sorted.subList(0, Math.min(limit, sorted.size()));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
