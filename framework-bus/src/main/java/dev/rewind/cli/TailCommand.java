package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.eventstore.EmbeddedStoreReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rewind tail}: follows the global log, or one stream, as events are appended. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Prints the last events of the global log (or of one stream) and then every new one as it is"
            + " appended, until stopped (Ctrl-C) or --count events were printed.",
            "With --store it follows the folder's event log while the application appends to it: it takes no lock"
                + " and writes nothing, and sees each group of appends once it is whole in the file (checked against"
                + " its checksum), polling every 200 ms. With --url it follows the application's live tail."})
final class TailCommand implements Callable<Integer> {

    private static final long POLL_MILLIS = 200;
    private static final int LAST = 10;

    @Spec
    private CommandSpec spec;
    @Mixin
    private StoreOptions store;
    @Mixin
    private AppOptions app;
    @Mixin
    private OutputOptions output;
    @Option(names = "--stream", paramLabel = "<stream>", description = "Only this stream's events.")
    private String stream;
    @Option(names = "--from", paramLabel = "<position>",
            description = "The first position to print (default: the last " + LAST + " events of the log).")
    private Long from;
    @Option(names = "--count", paramLabel = "<n>", description = "Stop after printing this many events.")
    private Long count;

    private long printed;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (from != null && from < 1 || count != null && count < 1) {
            throw new CliException(ExitCodes.USAGE, "--from and --count must be at least 1.");
        }
        if (Target.online(store, app)) {
            online();
        } else {
            offline();
        }
        return ExitCodes.OK;
    }

    private void offline() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try (EmbeddedStoreReader log = EmbeddedStoreReader.open(store.folder())) {
            long next = from != null ? from : Math.max(1, log.headPosition() - LAST + 1);
            while (!done()) {
                List<RecordedEvent> events = log.readAll(next, 1_000, EventFilter.all());
                for (RecordedEvent event : events) {
                    if ((stream == null || stream.equals(event.streamId())) && !done()) {
                        out.println(output.json ? Json.line(Json.event(event)) : EventText.line(event));
                        printed++;
                    }
                    next = event.globalPosition() + 1;
                }
                out.flush();
                if (events.isEmpty()) {
                    // the other process gives no signal across processes: look again shortly
                    Thread.sleep(POLL_MILLIS);
                }
            }
        }
    }

    private void online() {
        PrintWriter out = spec.commandLine().getOut();
        app.client().events("/admin/api/log/tail" + (from == null ? "" : "?from=" + from), data -> {
            JsonNode event = parse(data);
            String streamId = event.has("streamId") ? event.get("streamId").asText() : event.path("stream").asText();
            if (stream == null || stream.equals(streamId)) {
                out.println(output.json ? data : EventText.line(event));
                out.flush();
                printed++;
            }
            return !done();
        });
    }

    private static JsonNode parse(String data) {
        try {
            return Json.MAPPER.readTree(data);
        } catch (IOException e) {
            throw new CliException(ExitCodes.PROBLEM, "The live tail sent something that is not JSON: " + data, e);
        }
    }

    private boolean done() {
        return count != null && printed >= count;
    }
}
