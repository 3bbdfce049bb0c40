package dev.rewind.examples.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects repeated measurements and reports each figure's median as {@code name value unit}. */
final class Figures {

    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private final Map<String, String> units = new LinkedHashMap<>();

    void add(String name, double value, String unit) {
        values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        units.put(name, unit);
    }

    /** One line per figure: the median of its repetitions, rounded to a whole number. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        values.forEach((name, list) -> lines.add(name + " " + Math.round(median(list)) + " " + units.get(name)));
        return lines;
    }

    static double median(List<Double> list) {
        List<Double> sorted = new ArrayList<>(list);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The nearest-rank percentile of the values (p in 0..100). */
    static long percentile(long[] sortedValues, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sortedValues.length);
        return sortedValues[Math.max(0, Math.min(sortedValues.length - 1, rank - 1))];
    }
}
