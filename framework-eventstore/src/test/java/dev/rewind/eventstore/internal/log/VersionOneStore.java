package dev.rewind.eventstore.internal.log;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.eventstore.StoreConfig;
import dev.rewind.eventstore.internal.append.EventRow;
import dev.rewind.eventstore.internal.append.EventRows;
import dev.rewind.eventstore.internal.h2.H2Sql;
import dev.rewind.eventstore.internal.schema.DialectSql;
import dev.rewind.eventstore.internal.schema.SchemaMigrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes an H2 store the way schema version 1 left it: whole events in H2, with or without an event log; and
 * upgrades it to version 2 (the events in the log, H2 with the unique event-id index).
 */
final class VersionOneStore {

    private VersionOneStore() {
    }

    /** Writes {@code events} events over 7 streams, one H2 transaction (and log record) per 50; returns the rows. */
    static List<EventRow> write(Path folder, int events, boolean withLog) throws Exception {
        List<EventRow> rows = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        long[] versions = new long[7];
        for (int n = 0; n < events; n++) {
            int stream = n / 50 % 7;
            rows.add(new EventRow(n + 1, "stream-" + stream, versions[stream]++, UUID.randomUUID(), "Filled.v1",
                    ("{\"n\":" + n + "}").getBytes(UTF_8), n % 2 == 0 ? null : "{\"correlationId\":\"c-" + n
                    + "\",\"headers\":{}}", now));
        }
        try (Connection c = DriverManager.getConnection(StoreConfig.parse("embedded:" + folder).jdbcUrl(), "sa", "");
                Statement s = c.createStatement()) {
            s.execute(H2Sql.CREATE_VERSION_TABLE);
            for (String statement : SchemaMigrator.statements(new String(VersionOneStore.class.getClassLoader()
                    .getResourceAsStream("db/rewind/h2/V1__events.sql").readAllBytes(), UTF_8))) {
                s.execute(statement);
            }
            s.execute("INSERT INTO rewind_schema_version VALUES (1, 'V1__events.sql', CURRENT_TIMESTAMP)");
            insert(c, rows);
        }
        if (withLog) {
            try (EventLog log = EventLog.open(folder)) {
                for (int from = 0; from < rows.size(); from += 50) {
                    log.append(rows.subList(from, Math.min(from + 50, rows.size())));
                    log.committed();
                }
            }
        }
        return rows;
    }

    /** Applies schema version 2 to a store {@link #write} left at version 1, as that version's code did. */
    static void upgradeToVersionTwo(Path folder) throws Exception {
        try (Connection c = DriverManager.getConnection(StoreConfig.parse("embedded:" + folder).jdbcUrl(), "sa", "");
                Statement s = c.createStatement()) {
            for (String statement : SchemaMigrator.statements(new String(VersionOneStore.class.getClassLoader()
                    .getResourceAsStream("db/rewind/h2/V2__events_in_the_log.sql").readAllBytes(), UTF_8))) {
                s.execute(statement);
            }
            s.execute("INSERT INTO rewind_schema_version VALUES (2, 'V2__events_in_the_log.sql', CURRENT_TIMESTAMP)");
        }
    }

    private static void insert(Connection c, List<EventRow> rows) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO rewind_events (" + DialectSql.EVENT_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (EventRow row : rows) {
                EventRows.addInsert(insert, row);
            }
            insert.executeBatch();
        }
        c.commit();
    }
}
