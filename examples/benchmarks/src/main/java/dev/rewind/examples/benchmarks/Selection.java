package dev.rewind.examples.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which scenarios to run: all, or those named by {@code --only}: a part ({@code limits}, {@code mem}, {@code jdbc},
 * {@code process}, {@code pg}, {@code w4}, {@code w5}) or one scenario of a part ({@code jdbc_w1}, {@code mem_w2},
 * {@code pg_l4}, {@code w4_latency}...).
 *
 * @param only the {@code --only} value, or null for everything
 */
record Selection(String only) {

    static final Selection ALL = new Selection(null);

    private static final List<String> STORE_SCENARIOS = List.of("w1", "w1c", "w1c16", "w1cache", "w2", "w3");

    /** Every part, in the order they run, with the scenarios {@code --only <part>_<scenario>} may name. */
    static final Map<String, List<String>> SCENARIOS = scenarios();

    private static Map<String, List<String>> scenarios() {
        Map<String, List<String>> scenarios = new LinkedHashMap<>();
        scenarios.put("limits", List.of("l1", "l2", "l3"));
        scenarios.put("mem", STORE_SCENARIOS);
        scenarios.put("jdbc", STORE_SCENARIOS);
        scenarios.put("process", STORE_SCENARIOS);
        List<String> pg = new ArrayList<>(STORE_SCENARIOS);
        pg.add("l4");
        scenarios.put("pg", List.copyOf(pg));
        scenarios.put("w4", List.of("append", "latency", "fanout", "memhub"));
        scenarios.put("w5", List.of());
        return Collections.unmodifiableMap(scenarios);
    }

    /** Why {@code only} names nothing the runner knows, with the names it does know; empty if it names something. */
    static Optional<String> problem(String only) {
        for (Map.Entry<String, List<String>> part : SCENARIOS.entrySet()) {
            if (only.equals(part.getKey())) {
                return Optional.empty();
            }
            for (String scenario : part.getValue()) {
                if (only.equals(part.getKey() + "_" + scenario)) {
                    return Optional.empty();
                }
            }
        }
        StringBuilder known = new StringBuilder();
        SCENARIOS.forEach((part, scenarios) -> known.append("\n  ").append(part)
                .append(scenarios.isEmpty() ? "" : ": " + part + "_" + String.join(", " + part + "_", scenarios)));
        return Optional.of("--only '" + only + "' names no part or scenario. Known names:" + known);
    }

    boolean wantsPart(String part) {
        return only == null || only.equals(part) || only.startsWith(part + "_");
    }

    boolean wants(String part, String scenario) {
        return only == null || only.equals(part) || only.equals(part + "_" + scenario);
    }
}
