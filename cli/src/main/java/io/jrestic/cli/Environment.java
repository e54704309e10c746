package io.jrestic.cli;

import java.util.Map;

/** The process environment, injectable so tests can run commands in-process with their own variables. */
public record Environment(Map<String, String> variables) {
    public static Environment system() {
        return new Environment(System.getenv());
    }

    public String get(String name) {
        String v = variables.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    public boolean has(String name) {
        return variables.containsKey(name);
    }

    public String getRaw(String name) {
        return variables.get(name);
    }
}
