package dev.rewind.core.internal.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.core.event.Metadata;
import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.core.eventstore.RecordedEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The record of rebuild switch-overs, kept in the event store so that a restart serves a stable name by the
 * projector that took it over: one stream, {@value #STREAM}, with an entry of type {@value #SWITCHED} per
 * switch-over. The stream is short (one entry per rebuild) and read once per start.
 */
public final class ProjectorSwitches {

    /** The stream of switch-over entries. */
    public static final String STREAM = "rewind.projections";
    /** The type name of a switch-over entry. */
    public static final String SWITCHED = "rewind.ProjectorSwitched.v1";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 1_000;

    /**
     * One switch-over: the stable {@code name} is served from now on by the projector named {@code servedBy}, an
     * instance of {@code projectorClass}.
     */
    public record Switch(String name, String servedBy, String projectorClass) {
    }

    private ProjectorSwitches() {
    }

    /** Stores a switch-over; throws if the store does, and then nothing was switched. */
    public static void record(EventStore store, Switch entry) {
        byte[] data;
        try {
            data = JSON.writeValueAsBytes(entry);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the switch-over of projector '" + entry.name() + "'", e);
        }
        store.append(STREAM, ExpectedVersion.any(), List.of(new NewEvent(UUID.randomUUID(), SWITCHED, data,
                Metadata.empty())));
    }

    /** The last switch-over of every stable name that has one. */
    public static Map<String, Switch> current(EventStore store) {
        Map<String, Switch> current = new HashMap<>();
        for (long next = 0; ; next += BATCH) {
            List<RecordedEvent> batch = store.readStream(STREAM, next, BATCH);
            for (RecordedEvent event : batch) {
                if (event.type().equals(SWITCHED)) {
                    Switch entry = read(event);
                    current.put(entry.name(), entry);
                }
            }
            if (batch.size() < BATCH) {
                return current;
            }
        }
    }

    private static Switch read(RecordedEvent event) {
        try {
            return JSON.readValue(event.data(), Switch.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Projector switch-over entry " + event + " cannot be read", e);
        }
    }
}
