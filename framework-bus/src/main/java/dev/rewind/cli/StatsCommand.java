package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.core.eventstore.EventFilter;
import dev.rewind.core.eventstore.RecordedEvent;
import dev.rewind.eventstore.EmbeddedStoreReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rewind stats}: what a store holds, read from its folder or asked of the running application. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Shows what a store holds: head position, events, streams, events per category and type, the"
            + " files and their sizes.",
            "With --store it reads the folder's event log (also while the application runs: it takes no lock and"
                + " writes nothing, and counts the whole records there now); with --url it asks the application."})
final class StatsCommand implements Callable<Integer> {

    private static final int PAGE = 10_000;

    @Spec
    private CommandSpec spec;
    @Mixin
    private StoreOptions store;
    @Mixin
    private AppOptions app;
    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (Target.online(store, app)) {
            JsonNode summary = app.client().get("/admin/api/store");
            out.println(output.json ? Json.pretty(summary) : Text.fields(summary));
            return ExitCodes.OK;
        }
        ObjectNode stats = offline(store.folder());
        out.println(output.json ? Json.pretty(stats) : Text.fields(stats));
        return ExitCodes.OK;
    }

    private static ObjectNode offline(Path folder) {
        boolean inUse = EmbeddedStoreReader.inUse(folder);
        Set<String> streams = new HashSet<>();
        Map<String, Long> categories = new TreeMap<>();
        Map<String, Long> types = new TreeMap<>();
        RecordedEvent first = null;
        RecordedEvent last = null;
        long events = 0;
        try (EmbeddedStoreReader log = EmbeddedStoreReader.open(folder)) {
            long head = log.headPosition();
            for (long from = 1; from <= head; ) {
                List<RecordedEvent> page = log.readAll(from, (int) Math.min(PAGE, head - from + 1), EventFilter.all());
                if (page.isEmpty()) {
                    break;
                }
                for (RecordedEvent event : page) {
                    streams.add(event.streamId());
                    categories.merge(event.category(), 1L, Long::sum);
                    types.merge(event.type(), 1L, Long::sum);
                }
                first = first == null ? page.get(0) : first;
                last = page.get(page.size() - 1);
                events += page.size();
                from = last.globalPosition() + 1;
            }
        }
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("folder", folder.toAbsolutePath().toString());
        node.put("open", inUse);
        node.put("headPosition", last == null ? 0 : last.globalPosition());
        node.put("events", events);
        node.put("streams", streams.size());
        node.put("firstEventAt", first == null ? null : first.recordedAt().toString());
        node.put("lastEventAt", last == null ? null : last.recordedAt().toString());
        ObjectNode perCategory = node.putObject("categories");
        categories.forEach(perCategory::put);
        ObjectNode perType = node.putObject("eventTypes");
        types.forEach(perType::put);
        ObjectNode files = node.putObject("files");
        long total = 0;
        for (Path file : files(folder)) {
            long size = size(file);
            files.put(folder.relativize(file).toString(), size);
            total += size;
        }
        node.put("bytesOnDisk", total);
        return node;
    }

    private static List<Path> files(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.nio.file.NoSuchFileException e) {
            // deleted while listed (an index file being rebuilt by the running store): it holds nothing now
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
