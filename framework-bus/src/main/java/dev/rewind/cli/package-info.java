/**
 * The operations tool {@code rewind} ({@code java -jar rewind.jar --help}): checks, repairs, reads, follows and backs
 * up an embedded store's folder, also while its application runs, and lists and acts on the projectors of a running
 * application through its admin HTTP API. Its entry point is {@link dev.rewind.cli.RewindCli}; its exit codes are
 * {@link dev.rewind.cli.ExitCodes}. Everything else here is the commands' own and may change.
 */
package dev.rewind.cli;
