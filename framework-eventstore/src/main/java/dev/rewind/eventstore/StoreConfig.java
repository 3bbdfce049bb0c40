package dev.rewind.eventstore;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Which event store backend to use, parsed from one configuration string:
 *
 * <ul>
 *   <li>{@code memory}: the in-memory store (nothing survives the JVM);</li>
 *   <li>{@code embedded:<folder>}: the embedded store in that folder, an event log of its own with memory-mapped
 *       indexes (the default is {@code embedded:./data}); {@code h2:<folder>} is the same, the name of earlier
 *       versions. One option, {@code ?durability=disk} (the default) or {@code ?durability=process}, says what an
 *       acknowledged append survives ({@link Durability});</li>
 *   <li>{@code jdbc:postgresql://host:port/database?user=...}: PostgreSQL, in the URL's {@code currentSchema}.</li>
 * </ul>
 *
 * <pre>{@code
 * StoreConfig config = StoreConfig.parse("embedded:./data");
 * StoreConfig faster = StoreConfig.parse("embedded:./data?durability=process");
 * }</pre>
 *
 * @param kind the backend
 * @param location the embedded store's folder or the PostgreSQL JDBC URL; empty for {@code memory}
 * @param durability what an acknowledged append on the embedded store survives; {@link Durability#DISK} for the
 *     other backends, where the database decides
 */
public record StoreConfig(Kind kind, String location, Durability durability) {

    /** The default configuration: the embedded store in {@code ./data}, durable on the disk. */
    public static final String DEFAULT = "embedded:./data";

    private static final String FORMS = "Use 'memory', 'embedded:<folder>' (for example embedded:./data, or"
            + " embedded:./data?durability=process) or 'jdbc:postgresql://host:5432/database?user=name'.";

    /** The kinds of backend. */
    public enum Kind {
        /** The in-memory store. */
        MEMORY,
        /** The embedded store: an event log and its indexes in a folder, with H2 for read models. */
        EMBEDDED,
        /** PostgreSQL server. */
        POSTGRESQL
    }

    /** What an acknowledged append on the embedded store survives. */
    public enum Durability {
        /**
         * The default: each append is on the disk before it is acknowledged ({@code fdatasync} once per group of
         * appends written together), so it survives a power loss or an operating-system crash.
         */
        DISK,
        /**
         * Each append is in the operating system's cache before it is acknowledged: it survives the process being
         * killed, but a power loss or an operating-system crash loses the appends of the last seconds (opening then
         * says how many positions it dropped). Several times faster for one writer.
         */
        PROCESS
    }

    /** Checks the arguments. */
    public StoreConfig {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(location, "location must not be null");
        Objects.requireNonNull(durability, "durability must not be null");
    }

    /** A configuration with the default durability. */
    public StoreConfig(Kind kind, String location) {
        this(kind, location, Durability.DISK);
    }

    /**
     * Parses a configuration string.
     *
     * @throws IllegalArgumentException saying what is wrong with it and which forms are accepted
     */
    public static StoreConfig parse(String config) {
        if (config == null || config.isBlank()) {
            throw new IllegalArgumentException("The event store configuration is " + (config == null ? "missing"
                    : "blank") + ". " + FORMS);
        }
        String text = config.strip();
        if (text.equals("memory")) {
            return new StoreConfig(Kind.MEMORY, "");
        }
        if (text.equals("embedded") || text.equals("h2")) {
            return parse(DEFAULT);
        }
        if (text.startsWith("embedded:")) {
            return embedded(text, "embedded:");
        }
        if (text.startsWith("h2:")) {
            return embedded(text, "h2:");
        }
        if (text.startsWith("jdbc:postgresql:")) {
            if (!text.startsWith("jdbc:postgresql://") || text.length() <= "jdbc:postgresql://".length()) {
                throw new IllegalArgumentException("The PostgreSQL URL '" + text + "' names no server; write for"
                        + " example jdbc:postgresql://127.0.0.1:5432/rewind?user=rewind.");
            }
            return new StoreConfig(Kind.POSTGRESQL, text);
        }
        if (text.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("Raw H2 URLs such as '" + text + "' are not accepted: the embedded"
                    + " store keeps its events in a log of its own and its read models in H2, in one folder; write"
                    + " embedded:<folder> instead.");
        }
        throw new IllegalArgumentException("Unknown event store configuration '" + text + "'. " + FORMS);
    }

    private static StoreConfig embedded(String text, String prefix) {
        String rest = text.substring(prefix.length());
        int query = rest.indexOf('?');
        String folder = (query < 0 ? rest : rest.substring(0, query)).strip();
        if (folder.isEmpty()) {
            throw new IllegalArgumentException("The event store configuration '" + text + "' names no folder after '"
                    + prefix + "'; write for example embedded:./data.");
        }
        if (folder.contains(";")) {
            throw new IllegalArgumentException("The store folder '" + folder + "' contains ';', which H2 (holding"
                    + " the read models) reads as a URL setting; choose a folder without ';'.");
        }
        Durability durability = Durability.DISK;
        if (query >= 0) {
            for (String option : rest.substring(query + 1).split("&", -1)) {
                int equals = option.indexOf('=');
                String name = equals < 0 ? option : option.substring(0, equals);
                String value = equals < 0 ? "" : option.substring(equals + 1);
                if (!name.equals("durability")) {
                    throw new IllegalArgumentException("Unknown option '" + option + "' in the event store"
                            + " configuration '" + text + "'; the embedded store takes one option, durability=disk"
                            + " (the default) or durability=process.");
                }
                durability = durability(value, text);
            }
        }
        return new StoreConfig(Kind.EMBEDDED, folder, durability);
    }

    private static Durability durability(String value, String text) {
        try {
            return Durability.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The durability '" + value + "' in the event store configuration '"
                    + text + "' is not known; write durability=disk (each acknowledged append is on the disk, the"
                    + " default) or durability=process (it survives a killed process, not a power loss).", e);
        }
    }

    /**
     * The JDBC URL of the database: H2 for the embedded store's read models, checkpoints and snapshots, or the
     * PostgreSQL URL. H2 keeps its fast default of writing commits in the background: the event log, not H2's file,
     * holds the events, and what H2 holds is checked against the log on opening.
     */
    public String jdbcUrl() {
        return switch (kind) {
            case MEMORY -> throw new IllegalStateException("The memory store has no JDBC URL.");
            case EMBEDDED -> "jdbc:h2:file:" + folder().resolve("rewind").toString().replace('\\', '/');
            case POSTGRESQL -> location;
        };
    }

    /** The absolute folder of an embedded store. */
    Path folder() {
        return Path.of(location).toAbsolutePath().normalize();
    }

    /** The configuration string, with a PostgreSQL password masked. */
    @Override
    public String toString() {
        return switch (kind) {
            case MEMORY -> "memory";
            case EMBEDDED -> "embedded:" + location
                    + (durability == Durability.DISK ? ""
                            : "?durability=" + durability.name().toLowerCase(Locale.ROOT));
            case POSTGRESQL -> location.replaceAll("(?i)(password=)[^&]*", "$1***");
        };
    }
}
