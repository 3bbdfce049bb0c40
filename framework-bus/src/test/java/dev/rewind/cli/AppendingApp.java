package dev.rewind.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rewind.core.eventstore.EventStore;
import dev.rewind.core.eventstore.ExpectedVersion;
import dev.rewind.core.eventstore.NewEvent;
import dev.rewind.eventstore.EventStores;
import java.util.List;

/**
 * The application of the live tests, run in a child JVM: opens the store its argument names, prints {@code READY}
 * and appends one event at a time until killed, event n at position n with payload {@code {"n":n}}, in streams
 * {@code live-0} to {@code live-3}.
 */
public final class AppendingApp {

    private AppendingApp() {
    }

    public static void main(String[] args) {
        EventStore store = EventStores.open(args[0]);
        System.out.println("READY");
        System.out.flush();
        for (long n = store.headPosition() + 1; ; n++) {
            store.append("live-" + (n % 4), ExpectedVersion.any(), List.of(NewEvent.of("Live.v1",
                    ("{\"n\":" + n + "}").getBytes(UTF_8))));
        }
    }
}
