package io.jrestic.tree;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One extended attribute of a node. The name is text (restic stores it as a plain, lossy JSON string); the value
 * is raw bytes, Base64 in JSON. A {@code null} value is Go's nil slice and is written as JSON {@code null}.
 * The value array is never mutated after construction.
 */
public record ExtendedAttribute(String name, byte[] value) {
    public ExtendedAttribute {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtendedAttribute other && name.equals(other.name) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return name + "=" + (value == null ? "null" : Base64.getEncoder().encodeToString(value));
    }
}
