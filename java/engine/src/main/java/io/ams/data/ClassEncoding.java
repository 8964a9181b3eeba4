package io.ams.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the label column of a text source into class indices {@code 0..k-1} over the sorted
 * distinct values. Numbers sort numerically (so labels {@code 3, 10} map to 0, 1 and not by
 * their spelling); anything else sorts as text. The original spellings become class names.
 */
record ClassEncoding(int[] labels, List<String> classNames) {

    static ClassEncoding of(List<String> raw) {
        Comparator<String> order = allNumeric(raw)
                ? Comparator.comparingDouble(Double::parseDouble)
                : Comparator.naturalOrder();
        // First spelling wins, so "1" and "1.0" in one column become one class named "1".
        TreeMap<String, Integer> distinct = new TreeMap<>(order);
        for (String label : raw) {
            distinct.putIfAbsent(label, 0);
        }
        List<String> names = new ArrayList<>(distinct.size());
        Map<String, Integer> index = new HashMap<>();
        for (String name : distinct.keySet()) {
            distinct.put(name, names.size());
            names.add(name);
        }
        int[] labels = new int[raw.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = index.computeIfAbsent(raw.get(i), distinct::get);
        }
        return new ClassEncoding(labels, names);
    }

    private static boolean allNumeric(List<String> raw) {
        for (String label : raw) {
            try {
                if (!Double.isFinite(Double.parseDouble(label))) {
                    return false;
                }
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }
}
