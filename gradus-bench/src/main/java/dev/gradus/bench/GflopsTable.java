package dev.gradus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Prints a GFLOP/s table (rows: label x threads, columns: n) from JMH CSV results of
 * {@link MatmulBench} ({@code -rf csv}). Arguments: {@code label=file.csv} pairs; results of the
 * same label from several files (repeated rounds) are pooled, and each cell shows
 * "median (best)" over them. GFLOP/s = 2 n^3 / average time.
 */
public final class GflopsTable {
    private GflopsTable() {}

    public static void main(String[] args) throws IOException {
        Map<String, Map<Integer, List<Double>>> rows = new TreeMap<>();
        TreeSet<Integer> sizes = new TreeSet<>();
        List<String> order = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.lastIndexOf('='); // labels may contain '='
            if (eq < 0) throw new IllegalArgumentException("argument: expected label=file.csv, got " + arg);
            String label = arg.substring(0, eq);
            List<String> lines = Files.readAllLines(Path.of(arg.substring(eq + 1)));
            if (lines.isEmpty()) continue;
            List<String> head = split(lines.get(0));
            int score = head.indexOf("Score"), unit = head.indexOf("Unit");
            int pn = head.indexOf("Param: n"), pt = head.indexOf("Param: threads");
            for (String line : lines.subList(1, lines.size())) {
                List<String> f = split(line);
                if (f.size() <= Math.max(pn, pt) || !f.get(0).contains("MatmulBench")) continue;
                int n = Integer.parseInt(f.get(pn));
                int t = Integer.parseInt(f.get(pt));
                double time = Double.parseDouble(f.get(score)) * toSeconds(f.get(unit));
                String row = label + " | " + t;
                if (!order.contains(row)) order.add(row);
                rows.computeIfAbsent(row, x -> new TreeMap<>()).computeIfAbsent(n, x -> new ArrayList<>())
                        .add(2.0 * n * n * n / time / 1e9);
                sizes.add(n);
            }
        }
        StringBuilder sb = new StringBuilder("| implementation | threads |");
        for (int n : sizes) sb.append(" n=").append(n).append(" |");
        sb.append("\n|---|---|");
        sizes.forEach(n -> sb.append("---|"));
        System.out.println(sb);
        for (String row : order) {
            StringBuilder line = new StringBuilder("| " + row + " |");
            for (int n : sizes) {
                List<Double> v = rows.get(row).get(n);
                if (v == null) {
                    line.append(" - |");
                    continue;
                }
                Collections.sort(v);
                double median = v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
                line.append(String.format(" %.0f (%.0f) |", median, v.get(v.size() - 1)));
            }
            System.out.println(line);
        }
        System.out.println("\nGFLOP/s = 2n^3 / JMH average time; cell = median (best) over rounds.");
    }

    private static double toSeconds(String unit) {
        switch (unit) {
            case "s/op": return 1;
            case "ms/op": return 1e-3;
            case "us/op": return 1e-6;
            case "ns/op": return 1e-9;
            default: throw new IllegalArgumentException("unit: expected s/op, ms/op, us/op or ns/op, got " + unit);
        }
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        for (String s : line.split(",", -1)) {
            s = s.trim();
            if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) s = s.substring(1, s.length() - 1);
            out.add(s);
        }
        return out;
    }
}
