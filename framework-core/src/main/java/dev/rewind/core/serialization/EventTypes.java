package dev.rewind.core.serialization;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The explicit registry of stable event type names: which name each event class is stored under. Class names are
 * never stored, so classes can be renamed and moved freely.
 *
 * <p>A name may end in a schema version, {@code .v<N>} (for example {@code MoneyDeposited.v2}); a name without one is
 * version 1. Events stored under an older version of a name are turned into the current one by {@link Upcaster}s.
 *
 * <pre>{@code
 * EventTypes types = EventTypes.builder()
 *         .add("AccountOpened.v1", AccountOpened.class)
 *         .add("MoneyDeposited.v1", MoneyDeposited.class)
 *         .build();
 * }</pre>
 */
public final class EventTypes {

    private static final Pattern VERSIONED = Pattern.compile("(.+)\\.v([0-9]{1,6})");
    private static final EventTypes NONE = new EventTypes(Map.of());

    private final Map<String, Class<?>> classByName;
    private final Map<Class<?>, String> nameByClass;

    private EventTypes(Map<String, Class<?>> classByName) {
        this.classByName = Map.copyOf(classByName);
        Map<Class<?>, String> inverse = new HashMap<>();
        classByName.forEach((name, type) -> inverse.put(type, name));
        this.nameByClass = Map.copyOf(inverse);
    }

    /** No types at all. */
    public static EventTypes none() {
        return NONE;
    }

    /**
     * The registry of the given name-to-class pairs.
     *
     * @throws IllegalArgumentException if a class appears under two names, or a name is malformed
     */
    public static EventTypes of(Map<String, Class<?>> classByName) {
        Builder builder = builder();
        classByName.forEach(builder::add);
        return builder.build();
    }

    /** A builder that checks every registration as it is added. */
    public static Builder builder() {
        return new Builder();
    }

    /** This registry plus another one; they must not share names or classes. */
    public EventTypes merge(EventTypes other) {
        Builder builder = builder();
        classByName.forEach(builder::add);
        other.classByName.forEach(builder::add);
        return builder.build();
    }

    /** The name a class is stored under, if registered. */
    public Optional<String> nameOf(Class<?> eventClass) {
        return Optional.ofNullable(nameByClass.get(eventClass));
    }

    /** The class registered under a name (with its version suffix), if any. */
    public Optional<Class<?>> classOf(String typeName) {
        return Optional.ofNullable(classByName.get(typeName));
    }

    /** Every registered name with its class. */
    public Map<String, Class<?>> asMap() {
        return classByName;
    }

    /** The name without its {@code .v<N>} suffix. */
    public static String baseName(String typeName) {
        Matcher matcher = VERSIONED.matcher(typeName);
        return matcher.matches() ? matcher.group(1) : typeName;
    }

    /** The schema version in the name's {@code .v<N>} suffix, or 1 if there is none. */
    public static int versionOf(String typeName) {
        Matcher matcher = VERSIONED.matcher(typeName);
        return matcher.matches() ? Integer.parseInt(matcher.group(2)) : 1;
    }

    /** The type name of a base name at a version: {@code MoneyDeposited} and 2 give {@code MoneyDeposited.v2}. */
    public static String nameAt(String baseName, int version) {
        return baseName + ".v" + version;
    }

    /** Collects registrations; {@link #build()} returns an immutable registry. */
    public static final class Builder {
        private final Map<String, Class<?>> classByName = new LinkedHashMap<>();
        private final Map<String, String> nameByBase = new HashMap<>();

        private Builder() {
        }

        /**
         * Registers an event class under a stable name.
         *
         * @throws IllegalArgumentException if the name is blank, already used, or the class already has a name, or
         *     another version of the same base name is registered (older versions are reached through upcasters)
         */
        public Builder add(String typeName, Class<?> eventClass) {
            Objects.requireNonNull(eventClass, "event class must not be null");
            if (typeName == null || typeName.isBlank() || !typeName.strip().equals(typeName)) {
                throw new IllegalArgumentException("Event type name '" + typeName + "' for " + eventClass.getName()
                        + " must be non-blank without surrounding spaces, for example 'MoneyDeposited.v1'.");
            }
            Class<?> existing = classByName.get(typeName);
            if (existing != null) {
                throw new IllegalArgumentException("Event type name '" + typeName + "' is registered twice: for "
                        + existing.getName() + " and for " + eventClass.getName() + ". Give each class its own name.");
            }
            if (classByName.containsValue(eventClass)) {
                throw new IllegalArgumentException(eventClass.getName() + " is registered under two names; keep one"
                        + " and turn the other into an upcaster.");
            }
            String other = nameByBase.put(baseName(typeName), typeName);
            if (other != null) {
                throw new IllegalArgumentException("Event type names '" + other + "' and '" + typeName
                        + "' are two versions of one type; register only the current one and add an Upcaster"
                        + " for the older.");
            }
            classByName.put(typeName, eventClass);
            return this;
        }

        /** The immutable registry. */
        public EventTypes build() {
            return new EventTypes(classByName);
        }
    }
}
