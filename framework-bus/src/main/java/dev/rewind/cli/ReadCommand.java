package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.eventstore.EmbeddedStoreReader;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rewind read}: a stream's events, or the global log's from a position. */
@Command(name = "read", mixinStandardHelpOptions = true,
        description = {"Prints a stream's events (rewind read <stream>), or the global log's (rewind read --log"
            + " --from <position>), one per line: position, stream @version, type, time, payload.",
            "With --store it reads the folder's event log (also while the application runs; a stream is found by"
                + " scanning the log); with --url it asks the application."})
final class ReadCommand implements Callable<Integer> {

    private static final int PAGE = 10_000;

    @Spec
    private CommandSpec spec;
    @Mixin
    private StoreOptions store;
    @Mixin
    private AppOptions app;
    @Mixin
    private OutputOptions output;
    @Parameters(index = "0", arity = "0..1", paramLabel = "<stream>", description = "The stream id to read.")
    private String stream;
    @Option(names = "--log", description = "Read the global log instead of a stream.")
    private boolean log;
    @Option(names = "--from", paramLabel = "<n>", description = "The first position (--log, default 1) or stream"
            + " version (default 0) to read.")
    private Long from;
    @Option(names = "--limit", paramLabel = "<n>", defaultValue = "1000",
            description = "At most this many events (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Override
    public Integer call() {
        if (log == (stream != null)) {
            throw new CliException(ExitCodes.USAGE, "Name a stream (rewind read <stream>) or --log, not "
                    + (log ? "both." : "neither."));
        }
        if (limit < 1 || from != null && from < (log ? 1 : 0)) {
            throw new CliException(ExitCodes.USAGE, "--limit must be at least 1 and --from at least "
                    + (log ? "1 (positions start at 1)." : "0 (versions start at 0)."));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (Target.online(store, app)) {
            String path = log ? "/admin/api/log?from=" + (from == null ? 1 : from) + "&limit=" + limit
                    : "/admin/api/streams/" + AdminClient.encode(stream) + "/events?from=" + (from == null ? 0 : from)
                            + "&limit=" + limit;
            for (JsonNode event : events(app.client().get(path))) {
                out.println(output.json ? Json.line(event) : EventText.line(event));
            }
            return ExitCodes.OK;
        }
        List<RecordedEvent> events = log ? readLog() : readStream();
        for (RecordedEvent event : events) {
            out.println(output.json ? Json.line(Json.event(event)) : EventText.line(event));
        }
        if (!log && events.isEmpty() && !output.json) {
            spec.commandLine().getErr().println("No events in stream " + stream + (from == null ? "" : " from version "
                    + from) + ".");
        }
        return ExitCodes.OK;
    }

    /** The events of an answer: an array, or an object's {@code events}. */
    static Iterable<JsonNode> events(JsonNode answer) {
        return answer.isArray() ? answer : answer.path("events");
    }

    private List<RecordedEvent> readLog() {
        try (EmbeddedStoreReader reader = EmbeddedStoreReader.open(store.folder())) {
            return reader.readAll(from == null ? 1 : from, limit, EventFilter.all());
        }
    }

    private List<RecordedEvent> readStream() {
        long fromVersion = from == null ? 0 : from;
        EventFilter category = EventFilter.categories(EventFilter.categoryOf(stream));
        List<RecordedEvent> events = new ArrayList<>();
        try (EmbeddedStoreReader reader = EmbeddedStoreReader.open(store.folder())) {
            long head = reader.headPosition();
            for (long position = 1; position <= head && events.size() < limit; ) {
                List<RecordedEvent> page = reader.readAll(position, PAGE, category);
                if (page.isEmpty()) {
                    break;
                }
                for (RecordedEvent event : page) {
                    if (event.streamId().equals(stream) && event.streamVersion() >= fromVersion
                            && event.globalPosition() <= head && events.size() < limit) {
                        events.add(event);
                    }
                }
                position = page.get(page.size() - 1).globalPosition() + 1;
            }
        }
        return events;
    }
}
