package org.greenai.tracker;

import java.util.Objects;

/**
 * One thing whose energy is accounted, such as {@code cpu:package-0}, {@code dram:package-0} or
 * {@code gpu:0}.
 *
 * @param id         stable identifier, unique within a tracker, e.g. {@code cpu:package-0}
 * @param component  what the energy is spent on
 * @param name       human name, e.g. {@code NVIDIA A100-SXM4-80GB}
 * @param provenance where the energy comes from
 * @param detail     how: the counter or file, the model and its inputs, or why it is unavailable
 */
public record Channel(String id, Component component, String name, Provenance provenance, String detail) {
    public Channel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(detail, "detail");
        if (id.isBlank()) {
            throw new IllegalArgumentException("Channel id must not be blank, but was '" + id + "'");
        }
    }
}
