package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Set;

/** Follows a rebuild's progress ({@code GET .../rebuild}) until it is done or failed. */
final class RebuildProgress {

    private static final long POLL_MILLIS = 500;
    private static final Set<String> FINISHED = Set.of("done", "finished", "completed", "live", "caught_up");
    private static final Set<String> FAILED = Set.of("failed", "error");

    private RebuildProgress() {
    }

    static int follow(AdminClient client, String path, PrintWriter out, boolean json) throws InterruptedException {
        String last = null;
        while (true) {
            JsonNode progress = client.get(path);
            String line = json ? Json.line(progress) : describe(progress);
            if (!line.equals(last)) {
                out.println(line);
                out.flush();
                last = line;
            }
            String state = progress.path("state").asText(progress.path("status").asText("")).toLowerCase(Locale.ROOT);
            if (FAILED.contains(state) || progress.hasNonNull("error") && !progress.path("running").asBoolean(false)) {
                return ExitCodes.PROBLEM;
            }
            if (progress.path("done").asBoolean(false) || FINISHED.contains(state)
                    || progress.has("running") && !progress.get("running").asBoolean()) {
                return ExitCodes.OK;
            }
            // the application offers no push for progress: ask again shortly
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static String describe(JsonNode progress) {
        JsonNode position = progress.path("position");
        JsonNode target = progress.has("target") ? progress.get("target") : progress.path("headPosition");
        String percent = position.isNumber() && target.isNumber() && target.asLong() > 0
                ? String.format(Locale.ROOT, " (%.1f%%)", 100.0 * position.asLong() / target.asLong()) : "";
        return Text.fields(progress).replace(System.lineSeparator(), ", ") + percent;
    }
}
