package dev.rewind.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewind.eventstore.BackupReport;
import dev.rewind.eventstore.LogReport;
import java.nio.file.Path;

/** The JSON of the store API's reports. */
final class Reports {

    private Reports() {
    }

    static ObjectNode json(LogReport report) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("log", report.log().toString());
        node.put("bytes", report.bytes());
        node.put("intact", report.isIntact());
        node.put("intactPosition", report.intactPosition());
        node.put("intactBytes", report.intactBytes());
        ArrayNode damaged = node.putArray("damaged");
        for (LogReport.DamagedRange range : report.damaged()) {
            damaged.addObject().put("fromByte", range.fromByte()).put("toByte", range.toByte())
                    .put("afterPosition", range.afterPosition()).put("nextPosition", range.nextPosition())
                    .put("what", range.what());
        }
        return node;
    }

    static ObjectNode json(BackupReport report) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("source", report.source().toAbsolutePath().toString());
        node.put("target", report.target().toAbsolutePath().toString());
        node.put("lastPosition", report.lastPosition());
        node.put("logBytes", report.logBytes());
        node.put("storeWasOpen", report.storeWasOpen());
        ArrayNode files = node.putArray("files");
        for (Path file : report.files()) {
            files.add(file.toAbsolutePath().toString());
        }
        return node;
    }
}
