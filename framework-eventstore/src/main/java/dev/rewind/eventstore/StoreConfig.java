package dev.rewind.eventstore;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Which event store backend to use, parsed from one configuration string:
 *
 * <ul>
 *   <li>{@code memory}: the in-memory store (nothing survives the JVM);</li>
 *   <li>{@code h2:<folder>}: an embedded H2 file database in that folder (the default is {@code h2:./data});</li>
 *   <li>{@code jdbc:postgresql://host:port/database?user=...}: PostgreSQL, in the URL's {@code currentSchema}.</li>
 * </ul>
 *
 * <pre>{@code
 * StoreConfig config = StoreConfig.parse("h2:./data");
 * }</pre>
 *
 * @param kind the backend
 * @param location the H2 folder or the PostgreSQL JDBC URL; empty for {@code memory}
 */
public record StoreConfig(Kind kind, String location) {

    /** The default configuration: an H2 file database in {@code ./data}. */
    public static final String DEFAULT = "h2:./data";

    private static final String FORMS = "Use 'memory', 'h2:<folder>' (for example h2:./data) or"
            + " 'jdbc:postgresql://host:5432/database?user=name'.";

    /** The kinds of backend. */
    public enum Kind {
        /** The in-memory store. */
        MEMORY,
        /** Embedded H2 file database. */
        H2,
        /** PostgreSQL server. */
        POSTGRESQL
    }

    /** Checks the arguments. */
    public StoreConfig {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(location, "location must not be null");
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
        if (text.equals("h2")) {
            return parse(DEFAULT);
        }
        if (text.startsWith("h2:")) {
            String folder = text.substring(3).strip();
            if (folder.isEmpty()) {
                throw new IllegalArgumentException("The event store configuration '" + text + "' names no folder"
                        + " after 'h2:'; write for example h2:./data.");
            }
            if (folder.contains(";")) {
                throw new IllegalArgumentException("The H2 folder '" + folder + "' contains ';', which H2 reads as"
                        + " a URL setting; choose a folder without ';'.");
            }
            return new StoreConfig(Kind.H2, folder);
        }
        if (text.startsWith("jdbc:postgresql:")) {
            if (!text.startsWith("jdbc:postgresql://") || text.length() <= "jdbc:postgresql://".length()) {
                throw new IllegalArgumentException("The PostgreSQL URL '" + text + "' names no server; write for"
                        + " example jdbc:postgresql://127.0.0.1:5432/rewind?user=rewind.");
            }
            return new StoreConfig(Kind.POSTGRESQL, text);
        }
        if (text.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("Raw H2 URLs such as '" + text + "' are not accepted, because the"
                    + " store must choose H2's crash-safe settings itself; write h2:<folder> instead.");
        }
        throw new IllegalArgumentException("Unknown event store configuration '" + text + "'. " + FORMS);
    }

    /**
     * The JDBC URL of a JDBC backend. H2 keeps its fast default of writing commits in the background: the store's
     * event log, not H2's file, makes acknowledged appends survive a crash.
     */
    public String jdbcUrl() {
        return switch (kind) {
            case MEMORY -> throw new IllegalStateException("The memory store has no JDBC URL.");
            case H2 -> "jdbc:h2:file:" + h2Folder().resolve("rewind").toString().replace('\\', '/');
            case POSTGRESQL -> location;
        };
    }

    /** The absolute folder of an H2 store. */
    Path h2Folder() {
        return Path.of(location).toAbsolutePath().normalize();
    }

    /** The configuration string, with a PostgreSQL password masked. */
    @Override
    public String toString() {
        return kind == Kind.MEMORY ? "memory" : kind == Kind.H2 ? "h2:" + location
                : location.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
