package dev.rewind.cli;

import picocli.CommandLine.Option;

/** {@code --json}: what the command prints, as JSON (one object, or one per line for events). */
final class OutputOptions {

    @Option(names = "--json", description = "Print JSON instead of text (events: one object per line).")
    boolean json;
}
