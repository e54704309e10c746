package io.jrestic.checker;

import io.jrestic.id.Id;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Which packs {@code check --read-data} reads: all of them, or restic's {@code --read-data-subset} as
 * {@code n/t} (the n-th of t groups, a pack's group being its ID's first byte modulo t), {@code x%} (that share
 * of the packs, chosen at random, at least one) or a size such as {@code 50M} (random packs making up about
 * that many bytes: the size's share of the repository, as a percentage).
 */
public sealed interface PackSubset {
    /** restic accepts at most this many groups: the group is taken from one byte of the pack ID. */
    int MAX_GROUPS = 256;

    /** Every indexed pack ({@code --read-data}). */
    record All() implements PackSubset {
    }

    /** Group {@code group} (1-based) of {@code groups}. */
    record Group(int group, int groups) implements PackSubset {
        public Group {
            if (group < 1 || groups < 1 || group > groups || groups > MAX_GROUPS) {
                throw new IllegalArgumentException("invalid group " + group + "/" + groups);
            }
        }
    }

    /** {@code percent} percent of the packs, 0 < percent ≤ 100. */
    record Percentage(double percent) implements PackSubset {
        public Percentage {
            if (!(percent > 0 && percent <= 100)) throw new IllegalArgumentException("invalid percentage " + percent);
        }
    }

    /** Random packs of about {@code bytes} bytes in total. */
    record Size(long bytes) implements PackSubset {
        public Size {
            if (bytes <= 0) throw new IllegalArgumentException("invalid size " + bytes);
        }
    }

    PackSubset ALL = new All();

    /**
     * Parses a {@code --read-data-subset} value with restic's rules and error messages.
     *
     * @throws IllegalArgumentException with restic's message (without "Fatal: ") for an invalid value
     */
    static PackSubset parse(String value) {
        String invalid = "check flag --read-data-subset has invalid value, please see documentation";
        long[] parts = unsignedParts(value);
        if (parts != null) {
            if (parts.length != 2) throw new IllegalArgumentException(invalid);
            if (parts[0] == 0 || parts[1] == 0 || parts[0] > parts[1]) {
                throw new IllegalArgumentException("check flag --read-data-subset=n/t values must be positive integers, "
                        + "and n <= t, e.g. --read-data-subset=1/2");
            }
            if (parts[1] > MAX_GROUPS) {
                throw new IllegalArgumentException("check flag --read-data-subset=n/t t must be at most " + MAX_GROUPS);
            }
            return new Group((int) parts[0], (int) parts[1]);
        }
        if (value.endsWith("%")) {
            double percent;
            try {
                percent = Double.parseDouble(value.substring(0, value.length() - 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(invalid);
            }
            if (!(percent > 0 && percent <= 100)) {
                throw new IllegalArgumentException("check flag --read-data-subset=x% x must be above 0.0% and at most 100.0%");
            }
            return new Percentage(percent);
        }
        long bytes = parseBytes(value);
        if (bytes == Long.MIN_VALUE) throw new IllegalArgumentException(invalid);
        if (bytes <= 0) throw new IllegalArgumentException("check flag --read-data-subset=n n must be above 0");
        return new Size(bytes);
    }

    /** The packs to read out of {@code packs} (ID → size, as the index gives them), in a stable order. */
    default Map<Id, Long> select(Map<Id, Long> packs, Random random) {
        Map<Id, Long> out = new LinkedHashMap<>();
        switch (this) {
            case All a -> out.putAll(packs);
            case Group g -> packs.forEach((id, size) -> {
                if ((id.toBytes()[0] & 0xff) % g.groups() == g.group() - 1) out.put(id, size);
            });
            case Percentage p -> out.putAll(randomShare(packs, p.percent(), random));
            case Size s -> {
                long total = 0;
                for (long size : packs.values()) total += size;
                double percent = total == 0 ? 100 : (double) s.bytes() / total * 100.0;
                out.putAll(randomShare(packs, percent, random));
            }
        }
        return out;
    }

    private static Map<Id, Long> randomShare(Map<Id, Long> packs, double percent, Random random) {
        int count = (int) (packs.size() * (percent / 100.0));
        if (!packs.isEmpty() && count < 1) count = 1;
        count = Math.min(count, packs.size());
        List<Id> ids = new ArrayList<>(packs.keySet());
        Collections.shuffle(ids, random);
        Map<Id, Long> out = new LinkedHashMap<>();
        for (Id id : ids.subList(0, count)) out.put(id, packs.get(id));
        return out;
    }

    /** {@code "a/b/…"} as unsigned numbers, or null if any part is not one (restic tries this form first). */
    private static long[] unsignedParts(String value) {
        String[] parts = value.split("/", -1);
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty() || !parts[i].chars().allMatch(c -> c >= '0' && c <= '9')) return null;
            try {
                out[i] = Long.parseLong(parts[i]);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return out;
    }

    /**
     * restic's size syntax: an integer with an optional unit b/B, k/K, m/M, g/G, t/T (powers of 1024); may be
     * negative. {@link Long#MIN_VALUE} if it does not parse or overflows.
     */
    private static long parseBytes(String value) {
        if (value.isEmpty()) return Long.MIN_VALUE;
        long unit = switch (Character.toLowerCase(value.charAt(value.length() - 1))) {
            case 'b' -> 1;
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            default -> 0;
        };
        String number = unit == 0 ? value : value.substring(0, value.length() - 1);
        if (unit == 0) unit = 1;
        if (!number.matches("[+-]?[0-9]+")) return Long.MIN_VALUE;
        try {
            return Math.multiplyExact(Long.parseLong(number), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }
}
