package dev.rewind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Follows a rebuild's progress ({@code GET .../rebuild}: {@code eventsDone}, {@code eventsTotal}, {@code switched}
 * once the rebuilt projector took over, {@code error} if it failed) until it is done or failed.
 */
final class RebuildProgress {

    private static final long POLL_MILLIS = 500;

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
            if (progress.hasNonNull("error")) {
                return ExitCodes.PROBLEM;
            }
            if (progress.path("switched").asBoolean(false)) {
                return ExitCodes.OK;
            }
            // the application offers no push for progress: ask again shortly
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static String describe(JsonNode progress) {
        long done = progress.path("eventsDone").asLong();
        long total = progress.path("eventsTotal").asLong();
        String percent = total > 0 ? String.format(Locale.ROOT, " (%.1f%%)", 100.0 * done / total) : "";
        if (progress.hasNonNull("error")) {
            return "Rebuild failed after " + done + " events: " + progress.get("error").asText();
        }
        if (progress.path("switched").asBoolean(false)) {
            return "Rebuild done: " + done + " events replayed; the rebuilt projector serves now.";
        }
        return "Rebuilding: " + done + " of " + total + " events" + percent + ", "
                + progress.path("eventsPerSecond").asLong() + " events/s, about "
                + Math.round(progress.path("timeLeftMillis").asLong() / 1000.0) + " s left";
    }
}
