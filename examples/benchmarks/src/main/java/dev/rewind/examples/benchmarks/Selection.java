package dev.rewind.examples.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which scenarios to run: all, or those named by {@code --only}, separated by commas: parts ({@code limits},
 * {@code mem}, {@code jdbc}, {@code process}, {@code pg}, {@code w4}, {@code w5}, {@code pgscale}) or scenarios of
 * a part ({@code jdbc_w1}, {@code mem_w2}, {@code pg_l4}, {@code w4_latency}...), e.g. {@code --only jdbc,pg}. The
 * scenarios on PostgreSQL ({@code pg}, {@code w4_pghub}, {@code w4_pg2hubs}, {@code pgscale}) need {@code --store}.
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
        scenarios.put("w4", List.of("append", "pipelined", "latency", "fanout", "memhub", "pghub", "pg2hubs"));
        scenarios.put("w5", List.of());
        scenarios.put("pgscale", List.of("flush", "w1c", "failover", "replay"));
        return Collections.unmodifiableMap(scenarios);
    }

    /** Why {@code only} names something the runner does not know, with the names it knows; empty if all is known. */
    static Optional<String> problem(String only) {
        for (String name : only.split(",", -1)) {
            if (!known(name)) {
                StringBuilder known = new StringBuilder();
                SCENARIOS.forEach((part, scenarios) -> known.append("\n  ").append(part).append(scenarios.isEmpty()
                        ? "" : ": " + part + "_" + String.join(", " + part + "_", scenarios)));
                return Optional.of("--only '" + name + "' names no part or scenario. Known names:" + known);
            }
        }
        return Optional.empty();
    }

    private static boolean known(String name) {
        for (Map.Entry<String, List<String>> part : SCENARIOS.entrySet()) {
            if (name.equals(part.getKey()) || part.getValue().stream()
                    .anyMatch(scenario -> name.equals(part.getKey() + "_" + scenario))) {
                return true;
            }
        }
        return false;
    }

    private List<String> names() {
        return List.of(only.split(","));
    }

    boolean wantsPart(String part) {
        return only == null || names().stream().anyMatch(name -> name.equals(part) || name.startsWith(part + "_"));
    }

    /** Whether {@code --only} names a PostgreSQL scenario explicitly (which then needs {@code --store}). */
    boolean namesPostgres() {
        return only != null && names().stream().anyMatch(name -> name.equals("pg") || name.startsWith("pg_")
                || name.equals("w4_pghub") || name.equals("w4_pg2hubs") || name.startsWith("pgscale"));
    }

    boolean wants(String part, String scenario) {
        return only == null || names().stream().anyMatch(name -> name.equals(part)
                || name.equals(part + "_" + scenario));
    }
}
