package dev.rewind.bus.command;

import dev.rewind.bus.command.WriteSides.WriteSide;
import java.io.IOException;

/**
 * A write side of the test bank in a process of its own, for tests that kill it: {@code WriteSideProcess <schema>}
 * prints {@code write-side: serving <endpoint>} once it holds its share, and runs until killed or its input ends.
 */
public final class WriteSideProcess {

    private WriteSideProcess() {
    }

    /** Runs a write side on the schema {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        try (WriteSide side = new WriteSide(args[0], "tcp://127.0.0.1:*")) {
            System.out.println("write-side: serving " + side.bus.endpoint());
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until killed, or until the test's end of input
            }
        }
    }
}
